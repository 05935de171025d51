package io.gatewatch.probes;

import io.gatewatch.api.Meters;
import io.gatewatch.spi.HealthReporter;
import io.gatewatch.spi.PluginContext;
import io.gatewatch.spi.RuntimeInfo;
import io.gatewatch.spi.SnapshotSource;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/** The part of the plugin context the status listener uses: thread factories and a health reporter. */
public final class FakeContext implements PluginContext {
    private final RuntimeInfo runtime;
    public final List<String> reported = new CopyOnWriteArrayList<>();
    public final List<Thread> threads = new CopyOnWriteArrayList<>();
    public final FakeMeters meters = new FakeMeters();

    public FakeContext(RuntimeInfo runtime) {
        this.runtime = runtime;
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
        throw new UnsupportedOperationException("not used by the status listener");
    }

    @Override
    public ThreadFactory threadFactory(String name) {
        AtomicInteger n = new AtomicInteger();
        return task -> {
            Thread thread = new Thread(task, "gatewatch-" + name + "-" + n.incrementAndGet());
            thread.setDaemon(true);
            threads.add(thread);
            return thread;
        };
    }

    @Override
    public Meters selfMetrics() {
        return meters;
    }

    @Override
    public HealthReporter health() {
        return name -> new HealthReporter.Component() {
            @Override
            public void ok(String message) {
                reported.add(name + " [ok] " + message);
            }

            @Override
            public void error(String message) {
                reported.add(name + " [error] " + message);
            }
        };
    }

    @Override
    public SnapshotSource snapshots() {
        throw new UnsupportedOperationException("not used by the status listener");
    }

    @Override
    public RuntimeInfo runtime() {
        return runtime;
    }

    @Override
    public String metricPrefix() {
        return "gateway";
    }
}
