package io.gatewatch.internal.store;

/**
 * A histogram's bucket bounds, with a table that finds a value's bucket in one or two steps: the
 * value's power of two says which bound to start from, and at most the few bounds inside that
 * power of two are compared. A binary search over the same bounds takes four unpredictable
 * branches per value, the largest cost of recording a latency. Shared by every series of a family.
 */
final class BucketLayout {
    private final long[] bounds;
    /** For values in [2^(b-1), 2^b): the first bucket whose bound is at least 2^(b-1). */
    private final int[] start = new int[65];

    BucketLayout(long[] bounds) {
        this.bounds = bounds;
        for (int b = 0; b < start.length; b++) {
            long lowest = b == 0 ? 0 : 1L << (b - 1);
            int i = 0;
            while (i < bounds.length && bounds[i] < lowest) {
                i++;
            }
            start[b] = i;
        }
    }

    long[] bounds() {
        return bounds;
    }

    int buckets() {
        return bounds.length + 1;
    }

    /** The bucket of a non-negative value: the first bound at least {@code v}, or +Inf. */
    int bucketOf(long v) {
        int i = start[64 - Long.numberOfLeadingZeros(v)];
        while (i < bounds.length && v > bounds[i]) {
            i++;
        }
        return i;
    }
}
