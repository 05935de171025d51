package io.gatewatch.vitals.testing;

import io.gatewatch.api.Meters;
import io.gatewatch.internal.store.MetricStore;
import io.gatewatch.internal.store.StoreSettings;
import io.gatewatch.spi.HealthReporter;
import io.gatewatch.spi.PluginContext;
import io.gatewatch.spi.RuntimeInfo;
import io.gatewatch.spi.SnapshotSource;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;

/** A plugin context over a real metric store, for building the plugin's module without the runtime. */
public final class FakePluginContext implements PluginContext {
    private final String nodeId;
    private final MetricStore store;
    private final Clock clock = Clock.systemUTC();

    public FakePluginContext(String nodeId) {
        this.nodeId = nodeId;
        this.store = new MetricStore(StoreSettings.defaults(nodeId).withJvmMetrics(false));
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
        return Executors.newSingleThreadScheduledExecutor(threadFactory("scheduler"));
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
        return () -> store.snapshot(clock.millis(), List.of());
    }

    @Override
    public RuntimeInfo runtime() {
        return new RuntimeInfo() {
            @Override
            public String nodeId() {
                return nodeId;
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
                return State.RUNNING;
            }
        };
    }

    @Override
    public String metricPrefix() {
        return "gateway";
    }
}
