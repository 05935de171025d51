package io.gatewatch.internal.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class BucketLayoutTest {

    /** The plain definition: the first bound at least v, or the +Inf slot. */
    private static int linear(long[] bounds, long v) {
        for (int i = 0; i < bounds.length; i++) {
            if (v <= bounds[i]) {
                return i;
            }
        }
        return bounds.length;
    }

    @Test
    void findsTheSameBucketAsALinearScanForEveryKindOfValue() {
        long[][] layouts = {
            StoreSettings.DEFAULT_LATENCY_BUCKETS_NANOS,
            {1, 2, 3, 4, 5, 6, 7, 8, 1000},             // several bounds inside one power of two
            {1L << 40},                                 // one bound
            {0, 10, Long.MAX_VALUE - 1},                // the extremes
        };
        SplittableRandom random = new SplittableRandom(3);
        for (long[] bounds : layouts) {
            BucketLayout layout = new BucketLayout(bounds);
            for (long bound : bounds) {
                for (long v : new long[] {bound - 1, bound, bound + 1}) {
                    if (v >= 0) {
                        assertThat(layout.bucketOf(v)).as("v=%d", v).isEqualTo(linear(bounds, v));
                    }
                }
            }
            for (int i = 0; i < 100_000; i++) {
                long v = random.nextLong(Long.MAX_VALUE) >>> random.nextInt(63);
                assertThat(layout.bucketOf(v)).as("v=%d", v).isEqualTo(linear(bounds, v));
            }
            assertThat(layout.bucketOf(0)).isEqualTo(linear(bounds, 0));
            assertThat(layout.bucketOf(Long.MAX_VALUE)).isEqualTo(linear(bounds, Long.MAX_VALUE));
        }
    }
}
