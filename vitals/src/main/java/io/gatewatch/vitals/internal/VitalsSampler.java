package io.gatewatch.vitals.internal;

import io.gatewatch.snapshot.Snapshot;
import io.gatewatch.spi.HealthReporter;
import io.gatewatch.spi.Lifecycle;
import io.gatewatch.spi.SnapshotSource;
import io.gatewatch.spi.support.DeltaTracker;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ThreadFactory;

/**
 * Takes a snapshot just after every whole second, turns it into the second's deltas and records
 * them in the {@link VitalsHistory}. Runs on a daemon thread of its own, never on a gateway
 * thread; the gateway's request path is only read, through the snapshot.
 *
 * <p>The delta since the previous sample is the second that just ended. The first sample, taken
 * as vitals starts, only sets the baseline (what was counted before vitals started is not one
 * second's traffic); the first point is the rest of the second vitals started in. When two
 * samples fall in the same second, the later one is not committed, so its traffic moves into the
 * next second instead of overwriting a point.
 */
public final class VitalsSampler implements Lifecycle {
    private final VitalsHistory history;
    private final SnapshotSource snapshots;
    private final Clock clock;
    private final DaemonLoop loop;
    private final HealthReporter.Component health;
    private final DeltaTracker deltas = new DeltaTracker();
    private long lastSecond = Long.MIN_VALUE;
    private boolean failing = true;

    public VitalsSampler(VitalsHistory history, SnapshotSource snapshots, Clock clock, ThreadFactory threads,
                         HealthReporter.Component health) {
        this.history = history;
        this.snapshots = snapshots;
        this.clock = clock;
        this.loop = new DaemonLoop(threads, Duration.ofSeconds(2));
        this.health = health;
    }

    @Override
    public String name() {
        return "vitals";
    }

    @Override
    public synchronized void start() {
        if (loop.running()) {
            return;
        }
        history.allocate();   // the history's memory is taken when vitals starts, not when it is declared
        try {
            // the baseline now rather than at the first whole second: a request from here on is in a point
            sampleOnce();
        } catch (RuntimeException e) {
            // the loop's first sample sets the baseline instead, and reports the failure to health
        }
        loop.start(this::run);
    }

    @Override
    public void stop() {
        loop.stop();
    }

    @Override
    public StopPhase stopPhase() {
        return StopPhase.AFTER_DRAIN;
    }

    private void run() {
        while (loop.running()) {
            try {
                // wake just after the next whole second, so each sample closes exactly one second
                long wait = 1_000 - Math.floorMod(clock.millis(), 1_000L) + 5;
                Thread.sleep(Math.max(10, Math.min(1_000, wait)));
            } catch (InterruptedException e) {
                return;
            }
            try {
                sampleOnce();
                if (failing) {
                    failing = false;
                    health.ok("sampling every second");
                }
            } catch (RuntimeException e) {
                // a failing snapshot leaves a gap in the history; it must not end the sampling
                failing = true;
                health.error("sampling failed: " + e.getClass().getSimpleName());
            }
        }
    }

    /** The baseline of the next delta: one cumulative snapshot's series (for the memory test). */
    DeltaTracker deltas() {
        return deltas;
    }

    /** Takes one sample now; the sampling thread calls this, tests call it with a manual clock. */
    public synchronized void sampleOnce() {
        long second = Math.floorDiv(clock.millis(), 1_000L) - 1;
        Snapshot snapshot = Condenser.condense(snapshots.snapshot());
        if (lastSecond == Long.MIN_VALUE) {
            deltas.commit(deltas.delta(snapshot));
            lastSecond = second;
            return;
        }
        if (second <= lastSecond) {
            return;
        }
        DeltaTracker.Delta delta = deltas.delta(snapshot);
        history.record(second, delta.interval());
        deltas.commit(delta);
        lastSecond = second;
    }
}
