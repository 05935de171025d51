package io.gatewatch.exporter.datadog;

import io.gatewatch.api.Meters;
import io.gatewatch.snapshot.Labels;
import io.gatewatch.snapshot.Snapshot;
import io.gatewatch.spi.HealthReporter;
import io.gatewatch.spi.PluginContext;
import io.gatewatch.spi.RuntimeInfo;
import io.gatewatch.spi.SnapshotSource;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;

/** What core hands a plugin, for tests that install the plugin's module without core. */
final class TestPluginContext implements PluginContext {
    final ManualClock clock = new ManualClock(1_800_000_000_000L);
    final TestMeters selfMetrics = new TestMeters();
    volatile RuntimeInfo.State state = RuntimeInfo.State.RUNNING;

    @Override
    public Clock clock() {
        return clock;
    }

    @Override
    public long nanoTime() {
        return clock.millis() * 1_000_000L;
    }

    @Override
    public ScheduledExecutorService scheduler() {
        throw new UnsupportedOperationException("the Datadog plugin must not need the shared scheduler");
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
        return selfMetrics;
    }

    @Override
    public HealthReporter health() {
        return name -> new HealthReporter.Component() {
            @Override
            public void ok(String message) {
            }

            @Override
            public void error(String message) {
            }
        };
    }

    @Override
    public SnapshotSource snapshots() {
        return () -> new Snapshot(clock.millis(), "node-1", Labels.EMPTY, List.of());
    }

    @Override
    public RuntimeInfo runtime() {
        return new RuntimeInfo() {
            @Override
            public String nodeId() {
                return "node-1";
            }

            @Override
            public String version() {
                return "test";
            }

            @Override
            public String commit() {
                return "unknown";
            }

            @Override
            public long startTimeMillis() {
                return 0;
            }

            @Override
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
