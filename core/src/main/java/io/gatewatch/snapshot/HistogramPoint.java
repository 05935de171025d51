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
 */
public record HistogramPoint(Labels labels, long[] buckets, long count, long sum, long min, long max)
        implements Point {

    public HistogramPoint {
        buckets = buckets.clone();
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
