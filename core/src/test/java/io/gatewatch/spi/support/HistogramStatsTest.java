package io.gatewatch.spi.support;

import io.gatewatch.snapshot.HistogramPoint;
import io.gatewatch.snapshot.Labels;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class HistogramStatsTest {
    private static final long[] BOUNDS = {
        1_000_000L, 2_500_000L, 5_000_000L, 10_000_000L, 25_000_000L, 50_000_000L, 100_000_000L,
        250_000_000L, 500_000_000L, 1_000_000_000L, 2_500_000_000L, 5_000_000_000L, 10_000_000_000L,
        30_000_000_000L,
    };

    private static int bucketOf(long v) {
        for (int i = 0; i < BOUNDS.length; i++) {
            if (v <= BOUNDS[i]) {
                return i;
            }
        }
        return BOUNDS.length;
    }

    @Test
    void percentileEstimateLiesInTheSameBucketAsTheTrueValue() {
        SplittableRandom random = new SplittableRandom(7);
        for (int trial = 0; trial < 50; trial++) {
            int n = 1 + random.nextInt(5000);
            long[] values = new long[n];
            long[] buckets = new long[BOUNDS.length + 1];
            for (int i = 0; i < n; i++) {
                // log-uniform between 0.2 ms and 40 s: covers every bucket and the +Inf one
                values[i] = (long) Math.exp(Math.log(200_000) + random.nextDouble() * Math.log(200_000.0));
                buckets[bucketOf(values[i])]++;
            }
            Arrays.sort(values);
            HistogramPoint p = new HistogramPoint(Labels.EMPTY, buckets, n, Arrays.stream(values).sum(),
                    values[0], values[n - 1]);
            for (double q : new double[] {0.5, 0.95, 0.99, 1.0}) {
                long truth = values[(int) Math.ceil(q * n) - 1];
                double estimate = HistogramStats.percentile(BOUNDS, p, q);
                int bucket = bucketOf(truth);
                double lower = Math.max(bucket == 0 ? values[0] : BOUNDS[bucket - 1], values[0]);
                double upper = Math.min(bucket == BOUNDS.length ? values[n - 1] : BOUNDS[bucket], values[n - 1]);
                assertThat(estimate).as("q=%s n=%s", q, n).isBetween(lower, upper);
                assertThat(Math.abs(estimate - truth)).isLessThanOrEqualTo(upper - lower);
            }
        }
    }

    @Test
    void emptyHistogramHasNoPercentile() {
        HistogramPoint empty = new HistogramPoint(Labels.EMPTY, new long[BOUNDS.length + 1], 0, 0, 0, 0);
        assertThat(HistogramStats.percentile(BOUNDS, empty, 0.5)).isNaN();
    }

    @Test
    void singleValueIsExact() {
        long[] buckets = new long[BOUNDS.length + 1];
        buckets[bucketOf(7_000_000L)] = 1;
        HistogramPoint p = new HistogramPoint(Labels.EMPTY, buckets, 1, 7_000_000L, 7_000_000L, 7_000_000L);
        assertThat(HistogramStats.percentile(BOUNDS, p, 0.99)).isEqualTo(7_000_000.0);
    }
}
