package io.gatewatch.internal.store;

import io.gatewatch.snapshot.Labels;

/**
 * What the store needs to know from configuration.
 *
 * @param maxSeriesPerMetric  the cap per family; past it a label value folds into {@code other}
 * @param perConsumer         whether request counts carry a {@code consumer} label
 * @param latencyBucketsNanos default histogram layout for durations, strictly increasing
 * @param jvmMetrics          whether snapshots include JVM and process metrics
 * @param metricPrefix        the prefix exporters put in front of prefixed families ({@code gateway}),
 *                            empty for none: the store refuses families whose exported names collide
 */
public record StoreSettings(String nodeId, Labels commonTags, int maxSeriesPerMetric, boolean perConsumer,
                            long[] latencyBucketsNanos, boolean jvmMetrics, String version, String commit,
                            String metricPrefix) {

    /** Gateway latencies from 1 ms to 30 s, roughly 1-2.5-5 steps. */
    public static final long[] DEFAULT_LATENCY_BUCKETS_NANOS = {
        1_000_000L, 2_500_000L, 5_000_000L, 10_000_000L, 25_000_000L, 50_000_000L, 100_000_000L,
        250_000_000L, 500_000_000L, 1_000_000_000L, 2_500_000_000L, 5_000_000_000L, 10_000_000_000L,
        30_000_000_000L,
    };

    /** With the default prefix, {@code gateway}. */
    public StoreSettings(String nodeId, Labels commonTags, int maxSeriesPerMetric, boolean perConsumer,
                         long[] latencyBucketsNanos, boolean jvmMetrics, String version, String commit) {
        this(nodeId, commonTags, maxSeriesPerMetric, perConsumer, latencyBucketsNanos, jvmMetrics, version, commit, "gateway");
    }

    public StoreSettings {
        latencyBucketsNanos = latencyBucketsNanos.clone();
        java.util.Objects.requireNonNull(metricPrefix, "metricPrefix");
        if (maxSeriesPerMetric < 1) {
            throw new IllegalArgumentException("max-series-per-metric must be at least 1");
        }
    }

    public static StoreSettings defaults(String nodeId) {
        return new StoreSettings(nodeId, Labels.EMPTY, 2000, false, DEFAULT_LATENCY_BUCKETS_NANOS, true,
                "dev", "unknown");
    }

    public StoreSettings withMaxSeries(int max) {
        return new StoreSettings(nodeId, commonTags, max, perConsumer, latencyBucketsNanos, jvmMetrics, version, commit, metricPrefix);
    }

    public StoreSettings withPerConsumer(boolean on) {
        return new StoreSettings(nodeId, commonTags, maxSeriesPerMetric, on, latencyBucketsNanos, jvmMetrics, version, commit, metricPrefix);
    }

    public StoreSettings withJvmMetrics(boolean on) {
        return new StoreSettings(nodeId, commonTags, maxSeriesPerMetric, perConsumer, latencyBucketsNanos, on, version, commit, metricPrefix);
    }
}
