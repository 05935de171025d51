package io.gatewatch.spi.support;

import io.gatewatch.snapshot.HistogramPoint;

/**
 * Estimates of percentiles, min and max from fixed buckets, for exporters that send summaries
 * (StatsD, Datadog) instead of buckets.
 *
 * <p><b>Error bound.</b> A percentile is interpolated linearly inside the bucket that holds its
 * rank, so the estimate and the true value lie in the same bucket, narrowed to the observed
 * [min, max]: the error is at most that bucket's width. With the default latency layout each
 * bucket's upper bound is at most 3× its lower bound, so an estimate above 1 ms is within a
 * factor of 3 of the true value, usually far closer; in the +Inf bucket the estimate lies between
 * the last bound and the observed max. {@code HistogramStatsTest} checks the bound on random data.
 */
public final class HistogramStats {
    private HistogramStats() {
    }

    /**
     * The {@code q} quantile (0 &lt; q &le; 1) in the raw unit, or NaN for an empty histogram.
     *
     * @param bounds the family's bucket bounds ({@link MetricDescriptor#bucketBounds()})
     */
    public static double percentile(long[] bounds, HistogramPoint p, double q) {
        if (p.count() == 0) {
            return Double.NaN;
        }
        if (q <= 0 || q > 1) {
            throw new IllegalArgumentException("quantile must be in (0, 1]: " + q);
        }
        double rank = Math.max(1.0, Math.ceil(q * p.count()));
        long before = 0;
        for (int i = 0; i < p.bucketSlots(); i++) {
            long inBucket = p.bucket(i);
            if (inBucket > 0 && before + inBucket >= rank) {
                double lower = Math.max(i == 0 ? p.min() : bounds[i - 1], p.min());
                double upper = Math.min(i == bounds.length ? p.max() : bounds[i], p.max());
                if (upper < lower) {
                    upper = lower;
                }
                double fraction = (rank - before) / inBucket;
                return lower + (upper - lower) * fraction;
            }
            before += inBucket;
        }
        return p.max();
    }

    /**
     * The interval's bucket-derived minimum: the lower edge of its lowest non-empty bucket, raised
     * to the lifetime minimum. Never above the true interval minimum, and within one bucket of it.
     */
    static long intervalMin(long[] bounds, long[] deltaBuckets, long lifetimeMin) {
        for (int i = 0; i < deltaBuckets.length; i++) {
            if (deltaBuckets[i] > 0) {
                long edge = i == 0 ? 0 : bounds[i - 1];
                return Math.max(edge, lifetimeMin);
            }
        }
        return 0;
    }

    /**
     * The interval's bucket-derived maximum: the upper edge of its highest non-empty bucket,
     * lowered to the lifetime maximum. Never below the true interval maximum, within one bucket.
     */
    static long intervalMax(long[] bounds, long[] deltaBuckets, long lifetimeMax) {
        for (int i = deltaBuckets.length - 1; i >= 0; i--) {
            if (deltaBuckets[i] > 0) {
                long edge = i == bounds.length ? lifetimeMax : bounds[i];
                return Math.min(edge, lifetimeMax);
            }
        }
        return 0;
    }
}
