package io.gatewatch.benchmarks;

import io.gatewatch.api.Meters;
import io.gatewatch.internal.store.MetricStore;
import io.gatewatch.spi.HealthReporter;
import io.gatewatch.spi.PluginContext;
import io.gatewatch.spi.RuntimeInfo;
import io.gatewatch.spi.SnapshotSource;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;

/** The least a plugin needs to run outside the runtime: an exporter driven directly by a benchmark. */
final class BenchContext implements PluginContext {
    private final MetricStore store;

    BenchContext(MetricStore store) {
        this.store = store;
    }

    @Override
    public Clock clock() {
        return Clock.systemUTC();
    }

    @Override
    public long nanoTime() {
        return System.nanoTime();
    }

    @Override
    public ScheduledExecutorService scheduler() {
        return Executors.newSingleThreadScheduledExecutor(threadFactory("bench"));
    }

    @Override
    public ThreadFactory threadFactory(String name) {
        return r -> {
            Thread t = new Thread(r, "bench-" + name);
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
        return () -> store.snapshot(System.currentTimeMillis(), List.of());
    }

    @Override
    public RuntimeInfo runtime() {
        return new RuntimeInfo() {
            @Override
            public String nodeId() {
                return "bench";
            }

            @Override
            public String version() {
                return "bench";
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
