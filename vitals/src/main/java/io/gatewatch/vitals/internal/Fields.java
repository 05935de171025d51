package io.gatewatch.vitals.internal;

/**
 * The layout of one point in the ring buffers: integer counts in one primitive array, latency
 * figures (seconds) and the connection gauge in another, so a point costs no object.
 */
final class Fields {
    private Fields() {
    }

    // counts per period (long)
    static final int REQUESTS = 0;
    /** 1xx..5xx follow at STATUS_1XX + 0..4. */
    static final int STATUS_1XX = 1;
    static final int BYTES_IN = 6;
    static final int BYTES_OUT = 7;
    static final int AUTH_FAILURES = 8;
    static final int CACHE_HITS = 9;
    static final int CACHE_MISSES = 10;
    /** Observations of each latency histogram, at LATENCY_COUNT + latency index. */
    static final int LATENCY_COUNT = 11;
    static final int COUNT_FIELDS = 14;

    // latency statistics per histogram (double, seconds), at latency index * STATS + stat
    static final int MIN = 0;
    static final int AVG = 1;
    static final int MAX = 2;
    static final int P50 = 3;
    static final int P95 = 4;
    static final int P99 = 5;
    static final int STATS = 6;
    static final String[] STAT_NAMES = {"min", "avg", "max", "p50", "p95", "p99"};
    static final double[] QUANTILES = {0.50, 0.95, 0.99};
    /** The active-connections gauge (average of the samples in the period). */
    static final int CONNECTIONS = 3 * STATS;
    static final int VALUE_FIELDS = CONNECTIONS + 1;

    /** The three latency histograms, in index order, by canonical metric name. */
    static final String[] LATENCY_METRICS = {"request.duration", "upstream.duration", "overhead.duration"};
    static final int REQUEST_LATENCY = 0;
    static final int UPSTREAM_LATENCY = 1;
    static final int GATEWAY_LATENCY = 2;
}
