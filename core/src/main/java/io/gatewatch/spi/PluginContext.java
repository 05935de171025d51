package io.gatewatch.spi;

import io.gatewatch.api.RuntimeInfo;
import io.gatewatch.api.Meters;
import java.time.Clock;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;

/**
 * What core hands every plugin. Also bound in the injector, so plugin classes can
 * {@code @Inject} it (or {@link SnapshotSource}, {@link HealthView}, {@link RuntimeInfo}).
 */
public interface PluginContext {

    /** Wall clock for timestamps; tests inject a fixed or manual one. Never call System.currentTimeMillis(). */
    Clock clock();

    /** Monotonic time in nanoseconds, from the same source tests control. */
    long nanoTime();

    /**
     * A small shared scheduler for short periodic tasks. Push exporters do not need it: core
     * schedules them on their own threads.
     */
    ScheduledExecutorService scheduler();

    /** Named daemon threads ({@code gatewatch-<name>-N}) for plugins that need their own. */
    ThreadFactory threadFactory(String name);

    /** gatewatch's own metrics (errors, drops, durations): they appear in every snapshot, unprefixed. */
    Meters selfMetrics();

    /** Report a component's state to the health registry (shown in {@code /status}). */
    HealthReporter health();

    /** Takes a consistent snapshot of every metric, on the caller's thread. */
    SnapshotSource snapshots();

    /** Node id, version and lifecycle state. */
    RuntimeInfo runtime();

    /** The configured metric prefix ({@code gatewatch.metrics.prefix}, default {@code gateway}). */
    String metricPrefix();
}
