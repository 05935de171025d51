package io.gatewatch.vitals.internal;

import io.gatewatch.snapshot.Snapshot;
import io.gatewatch.vitals.VitalsSettings;
import java.util.function.Function;

/**
 * The whole history: 1-second points in one ring, 1-minute points rolled up from them in another.
 * A minute is written when its last second is recorded (or, if seconds were skipped, when the
 * first second of a later minute arrives), as the exact sum of its seconds: counts add, latency
 * histograms merge bucket by bucket, the traffic per name adds up before the top N is chosen.
 *
 * <pre>{@code
 * VitalsHistory history = new VitalsHistory(VitalsSettings.defaults());
 * history.record(epochSecond, deltaTracker.delta(snapshot).interval());
 * String json = history.read(view -> render(view));
 * }</pre>
 *
 * <p>Written by the sampler thread, read by status-listener threads: both under this object's
 * lock, which a write holds for well under a millisecond. The rings (5.5 MB with the defaults)
 * are allocated by {@link #allocate()}, which the sampler calls when it starts, never when the
 * plugin's module is declared; the first read or write allocates them if nothing did before.
 */
public final class VitalsHistory {
    public static final long FINE_STEP_MILLIS = 1_000;
    public static final long COARSE_STEP_MILLIS = 60_000;
    /**
     * The status-code logs' room, in entries per point on average (see {@link StatusCodeLog}): a
     * point with one service, two routes and no consumers takes 3; the busiest take 4 × (top-n + 1).
     */
    static final int FINE_STATUS_ENTRIES_PER_POINT = 6;
    static final int COARSE_STATUS_ENTRIES_PER_POINT = 12;
    private static final long SECONDS_PER_MINUTE = COARSE_STEP_MILLIS / FINE_STEP_MILLIS;

    private final VitalsSettings settings;
    private SeriesRing fine;
    private SeriesRing coarse;
    private final PeriodTotals second = new PeriodTotals();
    private final PeriodTotals minute = new PeriodTotals();
    private long openMinute = Long.MIN_VALUE;
    /** Null with the memory store: then no point is copied for a store that would drop it. */
    private final java.util.function.Consumer<StoredPoint> sink;

    public VitalsHistory(VitalsSettings settings) {
        this(settings, null);
    }

    /**
     * @param sink receives a copy of every point written (both resolutions), on the sampler thread;
     *             must not block; null for none
     */
    VitalsHistory(VitalsSettings settings, java.util.function.Consumer<StoredPoint> sink) {
        this.settings = settings;
        this.sink = sink;
    }

    /** Allocates the rings, once. */
    public synchronized void allocate() {
        if (fine == null) {
            fine = new SeriesRing(FINE_STEP_MILLIS, settings.fineSlots(), settings.topN(),
                    settings.fineSlots() * FINE_STATUS_ENTRIES_PER_POINT);
            coarse = new SeriesRing(COARSE_STEP_MILLIS, settings.coarseSlots(), settings.topN(),
                    settings.coarseSlots() * COARSE_STATUS_ENTRIES_PER_POINT);
        }
    }

    public VitalsSettings settings() {
        return settings;
    }

    /**
     * Records the second that starts at {@code epochSecond} from one interval of a
     * {@link io.gatewatch.spi.support.DeltaTracker}, and closes its minute when that was the last
     * second of it. Seconds must come in increasing order; an older one is ignored.
     */
    public synchronized void record(long epochSecond, Snapshot interval) {
        allocate();
        if (epochSecond <= fine.latestPeriod()) {
            return;
        }
        long minuteOfSecond = Math.floorDiv(epochSecond, SECONDS_PER_MINUTE);
        if (openMinute != Long.MIN_VALUE && minuteOfSecond != openMinute) {
            closeMinute();
        }
        second.reset();
        second.add(interval);
        fine.write(epochSecond, second);
        if (sink != null) {
            sink.accept(second.freeze(Resolution.FINE, epochSecond * FINE_STEP_MILLIS, settings.topN()));
        }
        minute.merge(second);
        second.reset();   // lets go of the second's per-name maps now rather than a second later
        openMinute = minuteOfSecond;
        if (Math.floorMod(epochSecond + 1, SECONDS_PER_MINUTE) == 0) {
            closeMinute();
        }
    }

    private void closeMinute() {
        coarse.write(openMinute, minute);
        if (sink != null) {
            sink.accept(minute.freeze(Resolution.COARSE, openMinute * COARSE_STEP_MILLIS, settings.topN()));
        }
        minute.reset();
        openMinute = Long.MIN_VALUE;
    }

    /** Runs {@code reader} while no point is being written; keep it short. */
    public synchronized <T> T read(Function<View, T> reader) {
        allocate();
        return reader.apply(new View(fine, coarse));
    }

    /** Read access to both rings: this node's, valid only inside {@link #read}, or rings filled from the shared store. */
    public static final class View {
        private final SeriesRing fine;
        private final SeriesRing coarse;

        View(SeriesRing fine, SeriesRing coarse) {
            this.fine = fine;
            this.coarse = coarse;
        }

        SeriesRing ring(Resolution resolution) {
            return resolution == Resolution.FINE ? fine : coarse;
        }
    }
}
