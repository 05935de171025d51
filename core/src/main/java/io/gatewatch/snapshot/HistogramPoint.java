package io.gatewatch.snapshot;

import java.util.Arrays;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A histogram series. {@code buckets[i]} counts the values at most bound {@code i} and above
 * bound {@code i-1} (not cumulative); the last slot is the +Inf bucket. {@code count} always equals
 * the sum of the buckets. Sum, min and max are raw values (nanoseconds for durations).
 *
 * <p>In a cumulative snapshot min and max are exact over the series' life; in an interval delta
 * they are estimates from the interval's buckets, kept inside the lifetime range
 * ({@link HistogramStats}). With {@code count == 0}, min and max are 0.
 *
 * <p>Immutable: the public constructor copies the buckets, and {@link #buckets()} returns a copy;
 * readers that go through every bucket use {@link #bucket(int)}.
 *
 * <p>{@link #exemplar(int)} gives, per bucket slot, the most recent sampled exemplar of that bucket
 * or {@code null}; a point made without exemplars has none. Exemplars are not part of equality: two
 * points with the same counts are the same measurement.
 */
public final class HistogramPoint implements Point {
    private final Labels labels;
    private final long[] buckets;
    private final long count;
    private final long sum;
    private final long min;
    private final long max;
    private final @Nullable Exemplar[] exemplars;

    private static final @Nullable Exemplar[] NONE = new Exemplar[0];

    public HistogramPoint(Labels labels, long[] buckets, long count, long sum, long min, long max) {
        this(labels, buckets.clone(), count, sum, min, max, NONE, true);
    }

    /**
     * A point with exemplars: {@code exemplars[i]} belongs to bucket slot {@code i} ({@code null}
     * for none); {@code null} or empty for no exemplars at all.
     */
    public HistogramPoint(Labels labels, long[] buckets, long count, long sum, long min, long max,
                          @Nullable Exemplar @Nullable [] exemplars) {
        this(labels, buckets.clone(), count, sum, min, max, exemplars == null ? NONE : exemplars.clone(), true);
    }

    private HistogramPoint(Labels labels, long[] owned, long count, long sum, long min, long max, @Nullable Exemplar[] owns,
                           boolean adopted) {
        this.labels = Objects.requireNonNull(labels, "labels");
        this.buckets = owned;
        this.count = count;
        this.sum = sum;
        this.min = min;
        this.max = max;
        if (owns.length != 0 && owns.length != owned.length) {
            throw new IllegalArgumentException("exemplars must have one slot per bucket (" + owned.length
                    + "), got " + owns.length);
        }
        this.exemplars = owns.length == 0 ? NONE : owns;
    }

    /**
     * For producers that build a fresh bucket array per point (the store, on every snapshot): the
     * point takes the array without copying it, and the caller must not touch it afterwards.
     */
    public static HistogramPoint adopting(Labels labels, long[] buckets, long count, long sum, long min, long max) {
        return new HistogramPoint(labels, buckets, count, sum, min, max, NONE, true);
    }

    /** {@link #adopting(Labels, long[], long, long, long, long)} with exemplars ({@code null} for none), also adopted. */
    public static HistogramPoint adopting(Labels labels, long[] buckets, long count, long sum, long min, long max,
                                          @Nullable Exemplar @Nullable [] exemplars) {
        return new HistogramPoint(labels, buckets, count, sum, min, max, exemplars == null ? NONE : exemplars, true);
    }

    @Override
    public Labels labels() {
        return labels;
    }

    /** A copy of the buckets. */
    public long[] buckets() {
        return buckets.clone();
    }

    /** Bucket {@code i} without copying. */
    public long bucket(int i) {
        return buckets[i];
    }

    public int bucketSlots() {
        return buckets.length;
    }

    public long count() {
        return count;
    }

    public long sum() {
        return sum;
    }

    public long min() {
        return min;
    }

    public long max() {
        return max;
    }

    /** A copy of the exemplars, one slot per bucket; empty when the point has none. */
    public @Nullable Exemplar[] exemplars() {
        return exemplars.length == 0 ? NONE : exemplars.clone();
    }

    /** The exemplar of bucket {@code i}, or {@code null} when it has none. */
    public @Nullable Exemplar exemplar(int i) {
        return exemplars.length == 0 ? null : exemplars[i];
    }

    /** Whether the point carries exemplars. */
    public boolean hasExemplars() {
        return exemplars.length != 0;
    }

    /** The number of values at most bound {@code i} (Prometheus' {@code le} buckets). */
    public long cumulative(int i) {
        long c = 0;
        for (int k = 0; k <= i; k++) {
            c += buckets[k];
        }
        return c;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof HistogramPoint p && labels.equals(p.labels) && Arrays.equals(buckets, p.buckets)
                && count == p.count && sum == p.sum && min == p.min && max == p.max;
    }

    @Override
    public int hashCode() {
        return labels.hashCode() * 31 + Arrays.hashCode(buckets);
    }

    @Override
    public String toString() {
        return "HistogramPoint[" + labels + " count=" + count + " sum=" + sum + " min=" + min + " max=" + max
                + " buckets=" + Arrays.toString(buckets) + "]";
    }
}
