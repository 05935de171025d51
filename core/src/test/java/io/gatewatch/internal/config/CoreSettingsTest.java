package io.gatewatch.internal.config;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CoreSettingsTest {
    private static final ClassLoader LOADER = CoreSettingsTest.class.getClassLoader();

    @TempDir
    Path dir;

    @Test
    void everyDefaultIsPinned() {
        ConfigLoader.LoadedConfig loaded = new ConfigLoader(LOADER, Map.of()).prepare(ConfigFactory.empty());
        List<ConfigProblem> problems = new ArrayList<>();
        CoreSettings s = CoreSettings.from(loaded.gatewatch(), problems);

        assertThat(problems).isEmpty();
        assertThat(s.nodeId()).matches("gw-" + ProcessHandle.current().pid() + "-[0-9a-f]{6}");
        assertThat(s.commonTags()).isEmpty();
        assertThat(s.metricPrefix()).isEqualTo("gateway");
        assertThat(s.maxSeriesPerMetric()).isEqualTo(2000);
        assertThat(s.perConsumer()).isFalse();
        assertThat(s.latencyBucketsNanos()).containsExactly(1_000_000L, 2_500_000L, 5_000_000L, 10_000_000L,
                25_000_000L, 50_000_000L, 100_000_000L, 250_000_000L, 500_000_000L, 1_000_000_000L, 2_500_000_000L,
                5_000_000_000L, 10_000_000_000L, 30_000_000_000L);
        assertThat(s.jvmMetrics()).isTrue();
        assertThat(s.drainDelay()).isEqualTo(Duration.ofSeconds(5));
        assertThat(s.shutdownHook()).isTrue();
        assertThat(s.healthRecords()).isEqualTo(10);
        assertThat(s.failureThresholds()).isEqualTo(new io.gatewatch.internal.health.FailureThresholds(5, Map.of()));
        assertThat(s.readinessChecks()).as("all readiness checks").isNull();
        // and nothing else: a new core setting must be pinned here too
        assertThat(new TreeSet<>(loaded.reference().getConfig("gatewatch").entrySet().stream()
                .map(Map.Entry::getKey).toList())).containsExactly(
                "health.failure-threshold", "health.readiness-checks", "health.records", "metrics.jvm", "metrics.latency-buckets",
                "metrics.max-series-per-metric", "metrics.per-consumer", "metrics.prefix", "shutdown-hook",
                "status.drain-delay");
        assertThat(loaded.reference().getIsNull("gatewatch.node-id")).isTrue();
        assertThat(loaded.reference().getObject("gatewatch.exporters")).isEmpty();
        assertThat(loaded.reference().getObject("gatewatch.common-tags")).isEmpty();
    }

    @Test
    void twoProcessesGetDifferentGeneratedNodeIds() {
        ConfigLoader.LoadedConfig loaded = new ConfigLoader(LOADER, Map.of()).prepare(ConfigFactory.empty());
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            ids.add(CoreSettings.from(loaded.gatewatch(), new ArrayList<>()).nodeId());
        }
        assertThat(new TreeSet<>(ids).size()).isGreaterThan(1);
    }

    @Test
    void deploymentSettingsComeFromEnvironmentVariables() {
        Map<String, String> env = Map.ofEntries(
                Map.entry("HOSTNAME", "pod-7f9c"),
                Map.entry("GATEWATCH_ENV", "prod"),
                Map.entry("GATEWATCH_REGION", "eu-west-1"),
                Map.entry("GATEWATCH_METRICS_PREFIX", "edge"),
                Map.entry("GATEWATCH_METRICS_MAX_SERIES_PER_METRIC", "500"),
                Map.entry("GATEWATCH_METRICS_PER_CONSUMER", "true"),
                Map.entry("GATEWATCH_METRICS_JVM", "false"),
                Map.entry("GATEWATCH_STATUS_DRAIN_DELAY", "15s"),
                Map.entry("GATEWATCH_SHUTDOWN_HOOK", "false"));
        CoreSettings s = settings(env, "");

        assertThat(s.nodeId()).isEqualTo("pod-7f9c");
        assertThat(s.commonTags()).containsExactlyInAnyOrderEntriesOf(Map.of("env", "prod", "region", "eu-west-1"));
        assertThat(s.metricPrefix()).isEqualTo("edge");
        assertThat(s.maxSeriesPerMetric()).isEqualTo(500);
        assertThat(s.perConsumer()).isTrue();
        assertThat(s.jvmMetrics()).isFalse();
        assertThat(s.drainDelay()).isEqualTo(Duration.ofSeconds(15));
        assertThat(s.shutdownHook()).isFalse();

        assertThat(settings(Map.of("HOSTNAME", "pod-7f9c", "GATEWATCH_NODE_ID", "edge-1"), "").nodeId())
                .as("GATEWATCH_NODE_ID wins over HOSTNAME").isEqualTo("edge-1");
    }

    @Test
    void aValueInTheUsersFileWinsOverTheEnvironmentDefault() {
        CoreSettings s = settings(Map.of("GATEWATCH_METRICS_PREFIX", "edge", "GATEWATCH_ENV", "prod"),
                "gatewatch { metrics.prefix = \"\", common-tags { env = staging, team = payments } }");
        assertThat(s.metricPrefix()).isEmpty();
        assertThat(s.commonTags()).containsExactlyInAnyOrderEntriesOf(Map.of("env", "staging", "team", "payments"));
    }

    @Test
    void readinessChecksTakeAListOfComponentNames() {
        CoreSettings s = settings(Map.of(), "gatewatch.health.readiness-checks = [database, \"exporter:datadog\"]");
        assertThat(s.readinessChecks()).containsExactlyInAnyOrder("database", "exporter:datadog");
    }

    @Test
    void durationsAndBucketsAcceptHoconForms() {
        CoreSettings s = settings(Map.of(), "gatewatch { status.drain-delay = 2 minutes, "
                + "metrics.latency-buckets = [500us, 1ms, 1.5 s] }");
        assertThat(s.drainDelay()).isEqualTo(Duration.ofMinutes(2));
        assertThat(s.latencyBucketsNanos()).containsExactly(500_000L, 1_000_000L, 1_500_000_000L);
    }

    @Test
    void systemPropertyConfigFileIsRead() throws Exception {
        Path file = dir.resolve("deploy.conf");
        Files.writeString(file, "gatewatch.metrics.prefix = from_file\n");
        System.setProperty("config.file", file.toString());
        ConfigFactory.invalidateCaches();
        try {
            ConfigLoader.LoadedConfig loaded = new ConfigLoader(LOADER, Map.of()).loadDefault();
            assertThat(CoreSettings.from(loaded.gatewatch(), new ArrayList<>()).metricPrefix()).isEqualTo("from_file");
        } finally {
            System.clearProperty("config.file");
            ConfigFactory.invalidateCaches();
        }
    }

    @Test
    void secretLookingValuesAreNeverEchoedInErrors() {
        List<ConfigProblem> problems = new ArrayList<>();
        SettingsReader reader = new SettingsReader(ConfigFactory.parseString("api-key = [\"dd-0123456789abcdef\"]",
                ConfigParseOptions.defaults().setOriginDescription("secrets.conf")), "gatewatch.exporters.datadog",
                problems);
        reader.string("api-key", "a string", v -> true, null);
        assertThat(problems).singleElement().extracting(ConfigProblem::render)
                .isEqualTo("secrets.conf:1: gatewatch.exporters.datadog.api-key: expected a string, found list (value hidden)");
    }

    private static CoreSettings settings(Map<String, String> env, String user) {
        List<ConfigProblem> problems = new ArrayList<>();
        CoreSettings s = CoreSettings.from(new ConfigLoader(LOADER, env).prepare(ConfigFactory.parseString(user))
                .gatewatch(), problems);
        assertThat(problems).isEmpty();
        return s;
    }
}
