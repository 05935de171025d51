package io.gatewatch.exporter.prometheus;

import io.gatewatch.api.Meters;
import io.gatewatch.internal.store.MetricStore;
import io.gatewatch.internal.store.StoreSettings;
import io.gatewatch.spi.HealthReporter;
import io.gatewatch.spi.PluginContext;
import io.gatewatch.spi.RuntimeInfo;
import io.gatewatch.spi.SnapshotSource;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/** What core would hand the plugin, backed by a real metric store; health reports are recorded. */
final class TestContext implements PluginContext {
    final MetricStore store;
    final String prefix;
    final Map<String, List<String>> healthRecords = new ConcurrentHashMap<>();

    TestContext(StoreSettings settings, String prefix) {
        this.store = new MetricStore(settings);
        this.prefix = prefix;
    }

    TestContext() {
        this(StoreSettings.defaults("n1").withJvmMetrics(false), "gateway");
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
        throw new UnsupportedOperationException("the Prometheus exporter schedules nothing");
    }

    @Override
    public ThreadFactory threadFactory(String name) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, "gatewatch-" + name + "-" + n.incrementAndGet());
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
                healthRecords.computeIfAbsent(name, k -> new CopyOnWriteArrayList<>()).add("ok: " + message);
            }

            @Override
            public void error(String message) {
                healthRecords.computeIfAbsent(name, k -> new CopyOnWriteArrayList<>()).add("error: " + message);
            }
        };
    }

    @Override
    public SnapshotSource snapshots() {
        return () -> store.snapshot(clock().millis(), List.of());
    }

    @Override
    public RuntimeInfo runtime() {
        throw new UnsupportedOperationException("not used by the Prometheus exporter");
    }

    @Override
    public String metricPrefix() {
        return prefix;
    }
}
