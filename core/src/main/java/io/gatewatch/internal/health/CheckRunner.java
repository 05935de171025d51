package io.gatewatch.internal.health;

import io.gatewatch.spi.HealthCheck;
import io.gatewatch.spi.HealthResult;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Runs one {@link HealthCheck} on a worker thread, at most one run at a time, with a time limit.
 * Whichever comes first, the result or the deadline, is recorded; the other is ignored. A run
 * that overstays is interrupted; if it ignores that, later runs are skipped (and recorded as
 * errors) instead of piling up threads.
 */
final class CheckRunner {
    static final String TIMEOUT = "timeout";

    private final HealthCheck check;
    private final ComponentState state;
    private final HealthRegistry registry;
    private final Clock clock;
    private final long intervalMillis;
    private final long timeoutMillis;
    private long nextDueMillis = Long.MIN_VALUE;
    /** Set by the ticking thread, cleared by the worker when the check really returned. */
    private final AtomicBoolean running = new AtomicBoolean();

    CheckRunner(HealthCheck check, ComponentState state, HealthRegistry registry, Clock clock) {
        this.check = check;
        this.state = state;
        this.registry = registry;
        this.clock = clock;
        this.intervalMillis = Math.max(1, check.interval().toMillis());
        this.timeoutMillis = Math.max(1, check.timeout().toMillis());
    }

    /**
     * Starts a run when one is due. Called by one ticking thread (or a test), never concurrently.
     *
     * @return completes when the started run is recorded; already complete when none started
     */
    CompletableFuture<Void> runIfDue(ExecutorService workers, ScheduledExecutorService timer) {
        long now = clock.millis();
        if (now < nextDueMillis) {
            return CompletableFuture.completedFuture(null);
        }
        nextDueMillis = now + intervalMillis;
        if (!running.compareAndSet(false, true)) {
            registry.record(state, ComponentState.Verdict.ERROR, TIMEOUT + " (the previous run is still running)",
                    Map.of());
            return CompletableFuture.completedFuture(null);
        }
        AtomicBoolean recorded = new AtomicBoolean();
        CompletableFuture<Void> done = new CompletableFuture<>();
        Future<?> task;
        try {
            task = workers.submit(() -> {
                ComponentState.Verdict verdict;
                String message;
                Map<String, Object> data = Map.of();
                try {
                    HealthResult result = check.check();
                    verdict = result.up() ? ComponentState.Verdict.OK : ComponentState.Verdict.DOWN;
                    message = result.message();
                    data = result.data();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    verdict = ComponentState.Verdict.ERROR;
                    message = "interrupted";
                } catch (Exception | LinkageError e) {
                    verdict = ComponentState.Verdict.ERROR;
                    message = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
                } finally {
                    running.set(false);
                }
                if (recorded.compareAndSet(false, true)) {
                    registry.record(state, verdict, message, data);
                    done.complete(null);
                }
            });
        } catch (RejectedExecutionException e) {
            running.set(false);
            return CompletableFuture.completedFuture(null);
        }
        timer.schedule(() -> {
            if (recorded.compareAndSet(false, true)) {
                task.cancel(true);
                registry.record(state, ComponentState.Verdict.ERROR, TIMEOUT, Map.of());
                done.complete(null);
            }
        }, timeoutMillis, TimeUnit.MILLISECONDS);
        return done;
    }

    long intervalMillis() {
        return intervalMillis;
    }
}
