package io.gatewatch.benchmarks;

import java.util.SplittableRandom;

/**
 * The traffic every library records, generated once: 50 routes (over 5 services) × 2 methods ×
 * 3 statuses, with latencies and sizes drawn from fixed seeds. Every library sees exactly the same
 * sequence of requests.
 */
final class Workload {
    static final int ROUTES = 50;
    static final String[] METHODS = {"GET", "POST"};
    static final int[] STATUSES = {200, 404, 500};
    static final String[] STATUS_TEXT = {"200", "404", "500"};
    static final int TUPLES = ROUTES * METHODS.length * STATUSES.length;
    static final int SAMPLES = 4096;

    /** The shared latency layout, in seconds and nanoseconds. */
    static final double[] BUCKETS_SECONDS = {0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30};
    static final long[] BUCKETS_NANOS = new long[BUCKETS_SECONDS.length];

    static {
        for (int i = 0; i < BUCKETS_SECONDS.length; i++) {
            BUCKETS_NANOS[i] = Math.round(BUCKETS_SECONDS[i] * 1e9);
        }
    }

    final String[] service = new String[TUPLES];
    final String[] route = new String[TUPLES];
    final int[] routeIndex = new int[TUPLES];
    final String[] method = new String[TUPLES];
    final int[] status = new int[TUPLES];
    final String[] statusText = new String[TUPLES];
    final long[] totalNanos = new long[SAMPLES];
    final long[] upstreamNanos = new long[SAMPLES];
    final long[] bytesIn = new long[SAMPLES];
    final long[] bytesOut = new long[SAMPLES];

    Workload() {
        int t = 0;
        for (int r = 0; r < ROUTES; r++) {
            for (String m : METHODS) {
                for (int s = 0; s < STATUSES.length; s++) {
                    service[t] = "svc-" + (r % 5);
                    route[t] = "route-" + r;
                    routeIndex[t] = r;
                    method[t] = m;
                    status[t] = STATUSES[s];
                    statusText[t] = STATUS_TEXT[s];
                    t++;
                }
            }
        }
        SplittableRandom random = new SplittableRandom(42);
        for (int i = 0; i < SAMPLES; i++) {
            upstreamNanos[i] = 500_000L + random.nextLong(80_000_000L);
            totalNanos[i] = upstreamNanos[i] + 50_000L + random.nextLong(2_000_000L);
            bytesIn[i] = 100 + random.nextInt(2000);
            bytesOut[i] = 200 + random.nextInt(20_000);
        }
    }
}
