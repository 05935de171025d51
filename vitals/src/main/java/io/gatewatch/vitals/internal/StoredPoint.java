package io.gatewatch.vitals.internal;

import java.util.List;

/**
 * One node's period as the shared store keeps it: everything needed to add nodes together
 * exactly. Counts add; the latency histograms keep their bucket counts (not percentiles), so a
 * cluster percentile comes from merged buckets; the connection gauge keeps its sum and number of
 * samples; the top N names keep their counts. Immutable once built.
 *
 * @param resolution  {@code 1s} or {@code 1m}
 * @param periodStart epoch ms of the period's start
 * @param counts      the {@link Fields} counts (requests, status classes, bytes, ...)
 * @param latency     the three histograms in {@link Fields#LATENCY_METRICS} order; null entries saw nothing
 * @param statusCodes requests per status class of each kind's top N names and of the rest ({@link StatusCodeLog})
 */
record StoredPoint(Resolution resolution, long periodStart, long[] counts, Histogram[] latency, double connectionSum,
                   int connectionSamples, List<Named> services, List<Named> routes, List<Named> consumers,
                   List<StatusEntry> statusCodes) {

    /**
     * One name's requests per status class (1xx..5xx), or, when {@code other}, the sum of the names
     * past the top N (names null). Unused names are null: a service has no consumer or route.
     *
     * @param kind the {@link StatusCodeLog.Kind} ordinal
     */
    record StatusEntry(int kind, boolean other, String consumer, String service, String route, long[] classes) {
    }

    /**
     * A merged latency histogram in the store's raw unit (nanoseconds).
     *
     * @param bounds  the buckets' upper bounds; {@code buckets} has one more slot (above the last bound)
     */
    record Histogram(long[] bounds, long[] buckets, long count, long sum, long min, long max) {
    }

    /** A service, route (service and route) or consumer with its requests in the period. */
    record Named(String first, String second, long requests) {
    }
}
