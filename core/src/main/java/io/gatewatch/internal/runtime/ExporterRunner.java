package io.gatewatch.internal.runtime;

import io.gatewatch.api.Counter;
import io.gatewatch.api.Family;
import io.gatewatch.api.Meters;
import io.gatewatch.internal.health.HealthRegistry;
import io.gatewatch.snapshot.Snapshot;
import io.gatewatch.spi.PushExporter;
import io.gatewatch.spi.SnapshotSource;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drives one push exporter on a thread of its own and owns its lifecycle. One thread makes every
 * call single-flight; a fixed-rate schedule on it means an overrunning export delays the next
 * instead of stacking. Everything the exporter throws is caught, counted and reported to health
 * as {@code exporter:<name>}, a component listed from start-up, so one broken backend never stops
 * another exporter and none is missing from {@code /status}.
 *
 * <p>Every call into the exporter holds {@code calls}; {@code close()} is made under it too, so
 * it never overlaps an export or a flush, even one that ignores interruption. When shutdown
 * cannot get it within a bounded wait, the close is left to whichever call still runs: it
 * closes the exporter as it returns.
 */
final class ExporterRunner {
    private static final Logger LOG = LoggerFactory.getLogger(ExporterRunner.class);
    /** After the shutdown time-out and an interrupt, how long to wait more before leaving the close to the hung call. */
    static final Duration CLOSE_GRACE = Duration.ofSeconds(1);

    private final PushExporter exporter;
    private final String name;
    private final SnapshotSource snapshots;
    private final HealthRegistry health;
    private final LongSupplier nanoTime;
    private final String component;
    private final long intervalNanos;
    private final Counter okExports;
    private final Counter failedExports;
    private final Counter errors;
    private final ScheduledExecutorService thread;
    private final ReentrantLock calls = new ReentrantLock();
    /** Written under {@code calls}; volatile so it can be read without waiting for a hung call. */
    private volatile boolean closed;
    private volatile boolean closePending;
    /** When the running export started ({@code nanoTime}), or 0 when none runs. */
    private volatile long exportStartedNanos;
    /** Intervals of the running export already reported overdue; watchdog thread only. */
    private long overdueReported;
    private ScheduledFuture<?> schedule;
    private int consecutiveFailures;

    ExporterRunner(PushExporter exporter, SnapshotSource snapshots, Meters selfMetrics, HealthRegistry health,
                   LongSupplier nanoTime) {
        this.exporter = exporter;
        this.name = exporter.name();
        if (exporter.interval() == null || exporter.interval().toMillis() < 1) {
            throw new IllegalArgumentException("push exporter '" + name + "' has interval " + exporter.interval()
                    + "; it must be at least 1ms");
        }
        this.snapshots = snapshots;
        this.health = health;
        this.nanoTime = nanoTime;
        this.component = "exporter:" + name;
        this.intervalNanos = exporter.interval().toNanos();
        Family<Counter> exports = selfMetrics.counter("gatewatch.exporter.exports",
                "Push exports by exporter and result", "exporter", "result");
        this.okExports = exports.labels(name, "ok");
        this.failedExports = exports.labels(name, "error");
        this.errors = selfMetrics.counter("gatewatch.exporter.errors", "Failed exports and flushes", "exporter")
                .labels(name);
        this.thread = Executors.newSingleThreadScheduledExecutor(new DaemonThreads("exporter-" + name));
        health.declare(component, "waiting for the first export (every " + human(exporter.interval()) + ")");
    }

    ExporterRunner(PushExporter exporter, SnapshotSource snapshots, Meters selfMetrics, HealthRegistry health) {
        this(exporter, snapshots, selfMetrics, health, System::nanoTime);
    }

    String name() {
        return name;
    }

    Duration interval() {
        return exporter.interval();
    }

    void start() {
        long period = exporter.interval().toMillis();
        schedule = thread.scheduleAtFixedRate(this::exportOnce, period, period, TimeUnit.MILLISECONDS);
    }

    /** One export, every failure contained. Runs on the exporter's thread (tests may call it directly). */
    void exportOnce() {
        calls.lock();
        try {
            if (closed) {
                return;
            }
            exportStartedNanos = nanoTime.getAsLong();
            Snapshot snapshot = snapshots.snapshot();
            exporter.export(snapshot);
            succeeded("exported " + snapshot.seriesCount() + " series");
        } catch (Exception | LinkageError e) {
            failedExports.increment();
            recordFailure("export", e);
        } finally {
            exportStartedNanos = 0;
            releaseCalls();
        }
    }

    /**
     * Reports the running export as overdue once per interval it has overrun: degraded with the
     * reason, while the export itself may still succeed. Core's scheduler calls it a few times per
     * interval; it never touches the exporter.
     */
    void checkOverdue() {
        long started = exportStartedNanos;
        if (started == 0) {
            overdueReported = 0;
            return;
        }
        long running = nanoTime.getAsLong() - started;
        long overrun = running / intervalNanos;
        if (overrun > overdueReported) {
            overdueReported = overrun;
            health.overdue(component, "export has not returned after " + human(Duration.ofNanos(running))
                    + " (interval " + human(exporter.interval()) + ")");
        }
    }

    /**
     * Stops the schedule and, on the exporter's own thread (so still single-flight), exports a
     * final snapshot, flushes and closes.
     */
    void beginShutdown() {
        if (schedule != null) {
            schedule.cancel(false);
        }
        thread.execute(() -> {
            exportOnce();
            calls.lock();
            try {
                if (!closed) {
                    exporter.flush();
                }
            } catch (Exception | LinkageError e) {
                recordFailure("flush", e);   // counted as an error, not as an export
            } finally {
                closePending = true;
                releaseCalls();
            }
        });
        thread.shutdown();
    }

    /**
     * Waits for {@link #beginShutdown()}. On time-out interrupts the exporter's thread and waits at
     * most {@link #CLOSE_GRACE} more for the call in progress; if that call still runs, it closes
     * the exporter when it returns (never while it runs).
     *
     * @return whether the final export, flush and close all finished in time
     */
    boolean awaitShutdown(Duration timeout) {
        try {
            if (thread.awaitTermination(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                return true;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        thread.shutdownNow();
        boolean closedNow = closeWhenIdle(CLOSE_GRACE);
        LOG.atWarn().addKeyValue("exporter", name).addKeyValue("timeout", timeout)
                .addKeyValue("closed", closedNow)
                .log(closedNow ? "exporter did not finish its final export in time; interrupted and closed it"
                        : "exporter is stuck in a call; it will be closed when that call returns");
        return false;
    }

    /** For start-up failures: nothing was exported yet, just release what the exporter holds. */
    void abandon() {
        if (schedule != null) {
            schedule.cancel(false);
        }
        thread.shutdownNow();
        closeWhenIdle(CLOSE_GRACE);
    }

    /** Whether the exporter has been closed (tests). */
    boolean closed() {
        return closed;
    }

    /**
     * Closes the exporter once no call runs: now if {@code calls} is free within {@code grace},
     * else when the call holding it returns.
     */
    private boolean closeWhenIdle(Duration grace) {
        closePending = true;
        boolean locked = false;
        try {
            locked = calls.tryLock(grace.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            locked = calls.tryLock();
        }
        if (!locked) {
            return false;   // the holder sees closePending as it releases
        }
        releaseCalls();
        return true;
    }

    /** Releases {@code calls}, first closing the exporter if a close is pending. */
    private void releaseCalls() {
        try {
            if (closePending && !closed) {
                closed = true;
                try {
                    exporter.close();
                } catch (RuntimeException | LinkageError e) {
                    LOG.atWarn().addKeyValue("exporter", name).setCause(e).log("exporter failed to close");
                }
            }
        } finally {
            calls.unlock();
        }
        // a close requested between the check above and the unlock: take it now if nobody else does
        if (closePending && calls.tryLock()) {
            try {
                if (!closed) {
                    closed = true;
                    try {
                        exporter.close();
                    } catch (RuntimeException | LinkageError e) {
                        LOG.atWarn().addKeyValue("exporter", name).setCause(e).log("exporter failed to close");
                    }
                }
            } finally {
                calls.unlock();
            }
        }
    }

    private void succeeded(String message) {
        okExports.increment();
        consecutiveFailures = 0;
        health.component(component).ok(message);
    }

    private void recordFailure(String what, Throwable e) {
        errors.increment();
        consecutiveFailures++;
        String message = what + " failed: " + e.getClass().getSimpleName()
                + (e.getMessage() == null ? "" : ": " + e.getMessage());
        if (consecutiveFailures == 1) {
            LOG.atWarn().addKeyValue("exporter", name).addKeyValue("error", message).setCause(e).log("export failed");
        } else {
            LOG.atDebug().addKeyValue("exporter", name).addKeyValue("error", message)
                    .addKeyValue("consecutive_failures", consecutiveFailures).setCause(e).log("export failed again");
        }
        health.component(component).error(message);
    }

    /** {@code 10s}, {@code 1.5s}, {@code 250ms}: how a user writes a duration, not {@code PT10S}. */
    static String human(Duration d) {
        long millis = d.toMillis();
        if (millis < 1000) {
            return millis + "ms";
        }
        if (millis % 1000 == 0) {
            return millis / 1000 + "s";
        }
        return String.format(java.util.Locale.ROOT, "%.1fs", millis / 1000.0);
    }
}
