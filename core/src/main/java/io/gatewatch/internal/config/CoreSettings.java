package io.gatewatch.internal.config;

import com.typesafe.config.Config;
import io.gatewatch.internal.health.FailureThresholds;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

/**
 * Core's own settings, mapped from {@code gatewatch.*} in this one place.
 *
 * @param nodeId             {@code node-id}; generated ({@code gw-<pid>-<random>}) when not set
 * @param commonTags         {@code common-tags}: name = value pairs every exporter attaches
 * @param metricPrefix       {@code metrics.prefix}; may be empty for no prefix
 * @param latencyBuckets     {@code metrics.latency-buckets}
 * @param drainDelay         {@code status.drain-delay}: how long readiness is down before exporters flush
 * @param healthRecords      {@code health.records}: records kept per component for {@code /status}
 * @param failureThresholds  {@code health.failure-threshold} and {@code health.failure-thresholds}:
 *                           errors in a row before a component is down
 * @param readinessChecks    {@code health.readiness-checks}: component names, or {@code null} for
 *                           every check that declares the readiness probe
 */
public record CoreSettings(String nodeId, Map<String, String> commonTags, String metricPrefix,
                           int maxSeriesPerMetric, boolean perConsumer, List<Duration> latencyBuckets,
                           boolean jvmMetrics, Duration drainDelay, boolean shutdownHook, int healthRecords,
                           FailureThresholds failureThresholds, Set<String> readinessChecks) {

    static final Pattern NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");
    private static final Pattern PREFIX = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)?");
    private static final Pattern NODE_ID = Pattern.compile("[^\\s]{1,128}");

    public CoreSettings {
        commonTags = Map.copyOf(commonTags);
        latencyBuckets = List.copyOf(latencyBuckets);
        readinessChecks = readinessChecks == null ? null : Set.copyOf(readinessChecks);
    }

    /**
     * Reads and validates core's settings from the {@code gatewatch} subtree; adds a problem
     * for every bad value and returns what could be read.
     */
    public static CoreSettings from(Config gatewatch, List<ConfigProblem> problems) {
        SettingsReader r = new SettingsReader(gatewatch, "gatewatch", problems);
        String nodeId = r.optionalString("node-id", "a node id of 1 to 128 characters without spaces",
                s -> NODE_ID.matcher(s).matches());
        List<String> readiness = r.wordOrStringList("health.readiness-checks", "all", null);
        return new CoreSettings(
                nodeId == null ? generatedNodeId() : nodeId,
                r.stringMap("common-tags", NAME),
                r.string("metrics.prefix", "a prefix matching [a-zA-Z_][a-zA-Z0-9_]* (or \"\" for none)",
                        s -> PREFIX.matcher(s).matches(), "gateway"),
                r.intAtLeast("metrics.max-series-per-metric", 1, 2000),
                r.bool("metrics.per-consumer", false),
                r.increasingDurations("metrics.latency-buckets", defaultLatencyBuckets()),
                r.bool("metrics.jvm", true),
                r.duration("status.drain-delay", Duration.ZERO, Duration.ofSeconds(5)),
                r.bool("shutdown-hook", true),
                r.intAtLeast("health.records", 2, 10),
                new FailureThresholds(r.intAtLeast("health.failure-threshold", 1, FailureThresholds.DEFAULT),
                        r.intMap("health.failure-thresholds", 1)),
                readiness == null ? null : Set.copyOf(readiness));
    }

    public long[] latencyBucketsNanos() {
        long[] nanos = new long[latencyBuckets.size()];
        for (int i = 0; i < nanos.length; i++) {
            nanos[i] = latencyBuckets.get(i).toNanos();
        }
        return nanos;
    }

    static List<Duration> defaultLatencyBuckets() {
        return List.of(Duration.ofMillis(1), Duration.ofNanos(2_500_000), Duration.ofMillis(5),
                Duration.ofMillis(10), Duration.ofMillis(25), Duration.ofMillis(50), Duration.ofMillis(100),
                Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofMillis(2500),
                Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(30));
    }

    private static String generatedNodeId() {
        return "gw-" + ProcessHandle.current().pid() + "-"
                + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x100000, 0xFFFFFF));
    }
}
