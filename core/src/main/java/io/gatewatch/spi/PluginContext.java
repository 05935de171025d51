package io.gatewatch.spi;

import io.gatewatch.api.Meters;
import io.gatewatch.api.RuntimeInfo;
import java.time.Clock;
import java.util.concurrent.ThreadFactory;

/**
 * What core hands every plugin. Also bound in the injector, so plugin classes can
 * {@code @Inject} it (or {@link SnapshotSource}, {@link io.gatewatch.api.HealthView},
 * {@link RuntimeInfo}).
 *
 * <p><b>Threads.</b> Core passes it to {@link GatewatchPlugin#module} on the thread that calls
 * {@code Gatewatch.start}; a plugin may keep it and call it from any thread for as long as
 * gatewatch runs. Every method is thread-safe, returns at once and never blocks; none throws.
 * The objects it returns are the same on every call.
 */
public interface PluginContext {

    /** Wall clock for timestamps; tests inject a fixed or manual one. Never call System.currentTimeMillis(). */
    Clock clock();

    /** Monotonic time in nanoseconds, from the same source tests control. */
    long nanoTime();

    /**
     * Named daemon threads ({@code gatewatch-<name>-N}) for plugins that need their own (a writer,
     * a sender). Push exporters do not: core runs each on a thread of its own. Create threads in
     * {@link Lifecycle#start()} and end them in {@link Lifecycle#stop()}.
     */
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
