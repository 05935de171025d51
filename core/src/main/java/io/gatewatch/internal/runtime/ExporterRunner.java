package io.gatewatch.internal.runtime;

import io.gatewatch.api.Counter;
import io.gatewatch.api.Family;
import io.gatewatch.api.Meters;
import io.gatewatch.snapshot.Snapshot;
import io.gatewatch.spi.HealthReporter;
import io.gatewatch.spi.PushExporter;
import io.gatewatch.spi.SnapshotSource;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drives one push exporter on a thread of its own. One thread makes every call single-flight;
 * a fixed-rate schedule on it means an overrunning export delays the next instead of stacking.
 * Everything the exporter throws is caught, counted and reported to health as
 * {@code exporter:<name>}, so one broken backend never stops another exporter.
 */
final class ExporterRunner {
    private static final Logger LOG = LoggerFactory.getLogger(ExporterRunner.class);

    private final PushExporter exporter;
    private final String name;
    private final SnapshotSource snapshots;
    private final HealthReporter health;
    private final String component;
    private final Counter okExports;
    private final Counter failedExports;
    private final Counter errors;
    private final ScheduledExecutorService thread;
    private ScheduledFuture<?> schedule;
    private int consecutiveFailures;

    ExporterRunner(PushExporter exporter, SnapshotSource snapshots, Meters selfMetrics, HealthReporter health) {
        this.exporter = exporter;
        this.name = exporter.name();
        if (exporter.interval() == null || exporter.interval().toMillis() < 1) {
            throw new IllegalArgumentException("push exporter '" + name + "' has interval " + exporter.interval()
                    + "; it must be at least 1ms");
        }
        this.snapshots = snapshots;
        this.health = health;
        this.component = "exporter:" + name;
        Family<Counter> exports = selfMetrics.counter("gatewatch.exporter.exports",
                "Push exports by exporter and result", "exporter", "result");
        this.okExports = exports.labels(name, "ok");
        this.failedExports = exports.labels(name, "error");
        this.errors = selfMetrics.counter("gatewatch.exporter.errors", "Failed exports and flushes", "exporter")
                .labels(name);
        this.thread = Executors.newSingleThreadScheduledExecutor(new DaemonThreads("exporter-" + name));
    }

    String name() {
        return name;
    }

    void start() {
        long period = exporter.interval().toMillis();
        schedule = thread.scheduleAtFixedRate(this::exportOnce, period, period, TimeUnit.MILLISECONDS);
    }

    /** One export, every failure contained. Runs on the exporter's thread (tests may call it directly). */
    void exportOnce() {
        try {
            Snapshot snapshot = snapshots.snapshot();
            exporter.export(snapshot);
            succeeded("exported " + snapshot.seriesCount() + " series");
        } catch (Exception | LinkageError e) {
            failedExports.increment();
            recordFailure("export", e);
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
            try {
                exporter.flush();
            } catch (Exception | LinkageError e) {
                recordFailure("flush", e);   // counted as an error, not as an export
            }
            closeExporter();
        });
        thread.shutdown();
    }

    /** Waits for {@link #beginShutdown()}; on timeout interrupts the exporter and closes it anyway. */
    boolean awaitShutdown(Duration timeout) {
        try {
            if (thread.awaitTermination(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                return true;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        LOG.atWarn().addKeyValue("exporter", name).addKeyValue("timeout", timeout)
                .log("exporter did not finish its final export in time; closing it");
        thread.shutdownNow();
        closeExporter();
        return false;
    }

    /** For start-up failures: nothing was exported yet, just release what the exporter holds. */
    void abandon() {
        thread.shutdownNow();
        closeExporter();
    }

    private void closeExporter() {
        try {
            exporter.close();
        } catch (RuntimeException | LinkageError e) {
            LOG.atWarn().addKeyValue("exporter", name).setCause(e).log("exporter failed to close");
        }
    }

    private void succeeded(String message) {
        okExports.increment();
        consecutiveFailures = 0;
        // looked up per report (once an interval): the component appears with the first result
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
}
