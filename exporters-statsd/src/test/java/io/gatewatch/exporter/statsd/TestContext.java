package io.gatewatch.exporter.statsd;

import io.gatewatch.api.Meters;
import io.gatewatch.internal.store.MetricStore;
import io.gatewatch.internal.store.StoreSettings;
import io.gatewatch.snapshot.Labels;
import io.gatewatch.snapshot.Snapshot;
import io.gatewatch.spi.HealthReporter;
import io.gatewatch.spi.PluginContext;
import io.gatewatch.spi.RuntimeInfo;
import io.gatewatch.spi.SnapshotSource;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;

/** A plugin context over a real metric store, with a recording health reporter. */
final class TestContext implements PluginContext {
    final MetricStore store;
    final RecordingHealth health = new RecordingHealth();
    /** The lifecycle phase the exporter sees; tests move it as core would. */
    volatile RuntimeInfo.State state = RuntimeInfo.State.RUNNING;
    private final Clock clock = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);

    TestContext() {
        this(Labels.EMPTY);
    }

    TestContext(Labels commonTags) {
        StoreSettings defaults = StoreSettings.defaults("node-1");
        store = new MetricStore(new StoreSettings("node-1", commonTags, defaults.maxSeriesPerMetric(), false,
                defaults.latencyBucketsNanos(), false, "test", "unknown"));
    }

    @Override
    public Clock clock() {
        return clock;
    }

    @Override
    public long nanoTime() {
        return System.nanoTime();
    }

    @Override
    public ScheduledExecutorService scheduler() {
        throw new UnsupportedOperationException("the exporter needs no scheduler");
    }

    @Override
    public ThreadFactory threadFactory(String name) {
        return r -> {
            Thread t = new Thread(r, "gatewatch-" + name);
            t.setDaemon(true);
            return t;
        };
    }

    @Override
    public Meters selfMetrics() {
        return store.selfMetrics();
    }

    @Override
    public HealthReporter health() {
        return health;
    }

    @Override
    public SnapshotSource snapshots() {
        return () -> store.snapshot(clock.millis(), List.of());
    }

    Snapshot snapshot() {
        return snapshots().snapshot();
    }

    /** The value of a self-metric counter with these labels in a fresh snapshot (0 when absent). */
    long selfCounter(String name, String... labelPairs) {
        return Snapshots.counter(snapshot(), name, labelPairs);
    }

    @Override
    public RuntimeInfo runtime() {
        return new RuntimeInfo() {
            public String nodeId() {
                return "node-1";
            }

            public String version() {
                return "test";
            }

            public String commit() {
                return "unknown";
            }

            public long startTimeMillis() {
                return 0;
            }

            public State state() {
                return state;
            }
        };
    }

    @Override
    public String metricPrefix() {
        return "gateway";
    }
}
