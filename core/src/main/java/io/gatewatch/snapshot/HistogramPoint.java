package io.gatewatch.snapshot;

import java.util.Arrays;

/**
 * A histogram series. {@code buckets[i]} counts the values at most bound {@code i} and above
 * bound {@code i-1} (not cumulative); the last slot is the +Inf bucket. {@code count} always equals
 * the sum of the buckets. Sum, min and max are raw values (nanoseconds for durations).
 *
 * <p>In a cumulative snapshot min and max are exact over the series' life; in an interval delta
 * they are estimates from the interval's buckets, kept inside the lifetime range
 * ({@link HistogramStats}). With {@code count == 0}, min and max are 0.
 *
 * <p>{@code exemplars} holds, per bucket slot, the most recent sampled exemplar of that bucket or
 * {@code null}; it is empty (no slot at all) when the series never recorded one. Exemplars are not
 * part of equality: two points with the same counts are the same measurement.
 */
public record HistogramPoint(Labels labels, long[] buckets, long count, long sum, long min, long max,
                             Exemplar[] exemplars) implements Point {

    private static final Exemplar[] NONE = new Exemplar[0];

    public HistogramPoint {
        buckets = buckets.clone();
        if (exemplars == null || exemplars.length == 0) {
            exemplars = NONE;
        } else if (exemplars.length != buckets.length) {
            throw new IllegalArgumentException("exemplars must have one slot per bucket (" + buckets.length
                    + "), got " + exemplars.length);
        } else {
            exemplars = exemplars.clone();
        }
    }

    /** A point without exemplars. */
    public HistogramPoint(Labels labels, long[] buckets, long count, long sum, long min, long max) {
        this(labels, buckets, count, sum, min, max, NONE);
    }

    @Override
    public Exemplar[] exemplars() {
        return exemplars.length == 0 ? NONE : exemplars.clone();
    }

    /** The exemplar of bucket {@code i}, or {@code null} when it has none. */
    public Exemplar exemplar(int i) {
        return exemplars.length == 0 ? null : exemplars[i];
    }

    /** Whether any bucket has an exemplar. */
    public boolean hasExemplars() {
        return exemplars.length != 0;
    }

    @Override
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
