package io.gatewatch.internal.runtime;

import io.gatewatch.api.Meters;
import io.gatewatch.api.RuntimeInfo;
import io.gatewatch.internal.health.HealthRegistry;
import io.gatewatch.internal.store.MetricStore;
import io.gatewatch.spi.HealthReporter;
import io.gatewatch.spi.PluginContext;
import io.gatewatch.spi.SnapshotSource;
import java.time.Clock;
import java.util.concurrent.ThreadFactory;
import java.util.function.LongSupplier;

/** What every plugin gets: views onto core, never core itself. */
final class DefaultPluginContext implements PluginContext {
    private final Clock clock;
    private final LongSupplier nanoTime;
    private final MetricStore store;
    private final HealthRegistry health;
    private final SnapshotSource snapshots;
    private final RuntimeInfo runtime;
    private final String metricPrefix;

    DefaultPluginContext(Clock clock, LongSupplier nanoTime, MetricStore store,
                         HealthRegistry health, SnapshotSource snapshots, RuntimeInfo runtime, String metricPrefix) {
        this.clock = clock;
        this.nanoTime = nanoTime;
        this.store = store;
        this.health = health;
        this.snapshots = snapshots;
        this.runtime = runtime;
        this.metricPrefix = metricPrefix;
    }

    @Override
    public Clock clock() {
        return clock;
    }

    @Override
    public long nanoTime() {
        return nanoTime.getAsLong();
    }

    @Override
    public ThreadFactory threadFactory(String name) {
        return new DaemonThreads(name);
    }

    @Override
    public Meters selfMetrics() {
        return store.selfMetrics();
    }

    @Override
    public HealthReporter health() {
        // the reporting side only: a plugin cannot register checks here or read other components
        return health::component;
    }

    @Override
    public SnapshotSource snapshots() {
        return snapshots;
    }

    @Override
    public RuntimeInfo runtime() {
        return runtime;
    }

    @Override
    public String metricPrefix() {
        return metricPrefix;
    }
}
