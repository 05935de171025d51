package io.gatewatch.internal.store;

import io.gatewatch.api.Histogram;
import io.gatewatch.snapshot.Exemplar;
import io.gatewatch.snapshot.HistogramPoint;
import io.gatewatch.snapshot.Labels;
import io.gatewatch.snapshot.Point;

/**
 * A fixed-bucket histogram. Cell slots per stripe: one per bucket (the last is +Inf), then the
 * sum, the max, and the min stored as {@code Long.MAX_VALUE - min} so that "raise" serves both.
 * The count is not kept apart: it is the sum of the buckets when read, so a snapshot's count
 * always equals its buckets, even while writers run.
 *
 * <p>Exemplars live apart from the cells, in {@link ExemplarSlots} made on the first request that
 * carries a sampled trace: recording without a trace never touches them, and a series that never
 * sees a trace pays no memory for them.
 */
final class HistogramSeries implements Histogram, Series {
    private final Labels labels;
    private final BucketLayout layout;
    private final Cells cells;
    private final int sumSlot;
    private volatile ExemplarSlots exemplars;

    HistogramSeries(Labels labels, BucketLayout layout, CellArena arena) {
        this.labels = labels;
        this.layout = layout;
        this.sumSlot = layout.buckets();
        this.cells = arena.allocate(layout.buckets() + 3);
    }

    @Override
    public void record(long value) {
        record(Stripes.current(), value);
    }

    void record(int stripe, long value) {
        long v = Math.max(0, value); // a negative duration is clock skew, not a measurement
        cells.observe(stripe, layout.bucketOf(v), sumSlot, v);
    }

    /** Makes the value (already recorded) its bucket's most recent exemplar. */
    void exemplar(long value, long traceHigh, long traceLow, long spanId, long timestampMillis) {
        long v = Math.max(0, value);
        ExemplarSlots slots = exemplars;
        if (slots == null) {
            slots = createExemplars();
        }
        slots.offer(layout.bucketOf(v), traceHigh, traceLow, spanId, v, timestampMillis);
    }

    private synchronized ExemplarSlots createExemplars() {
        ExemplarSlots slots = exemplars;
        if (slots == null) {
            slots = new ExemplarSlots(layout.buckets());
            exemplars = slots;
        }
        return slots;
    }

    @Override
    public Labels labels() {
        return labels;
    }

    @Override
    public Point read() {
        long[] buckets = new long[layout.buckets()];
        long count = 0;
        for (int i = 0; i < buckets.length; i++) {
            buckets[i] = cells.sum(i);
            count += buckets[i];
        }
        long sum = cells.sum(sumSlot);
        long max = cells.max(sumSlot + 1);
        long invertedMin = cells.max(sumSlot + 2);
        long min = count == 0 || invertedMin == 0 ? 0 : Long.MAX_VALUE - invertedMin;
        return HistogramPoint.adopting(labels, buckets, count, sum, Math.min(min, max), count == 0 ? 0 : max,
                readExemplars(buckets.length));
    }

    private Exemplar[] readExemplars(int slots) {
        ExemplarSlots source = exemplars;
        if (source == null) {
            return null;
        }
        Exemplar[] out = new Exemplar[slots];
        for (int i = 0; i < slots; i++) {
            out[i] = source.read(i);
        }
        return out;
    }
}
