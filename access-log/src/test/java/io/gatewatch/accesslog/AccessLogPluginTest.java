package io.gatewatch.accesslog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import io.gatewatch.Gatewatch;
import io.gatewatch.api.HttpMethod;
import io.gatewatch.api.ResponseSource;
import io.gatewatch.api.RouteMetrics;
import io.gatewatch.api.TraceParent;
import io.gatewatch.snapshot.CounterPoint;
import io.gatewatch.snapshot.Labels;
import io.gatewatch.snapshot.Snapshot;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The plugin as a gateway gets it: found by ServiceLoader, started by {@link Gatewatch#start}. */
class AccessLogPluginTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static com.typesafe.config.Config conf(String text) {
        return ConfigFactory.parseString(text, ConfigParseOptions.defaults().setOriginDescription("application.conf"));
    }

    @Test
    void everyRequestBecomesOneJsonLineWithItsValues(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("logs/access.jsonl");
        long before = System.currentTimeMillis();
        Snapshot snapshot;
        try (Gatewatch gatewatch = Gatewatch.start(conf("gatewatch { shutdown-hook = false, node-id = gw-7, "
                + "status.drain-delay = 0s, access-log { enabled = true, output = \"" + file + "\" } }"))) {
            RouteMetrics users = gatewatch.metrics().route("accounts", "users");
            RouteMetrics.Consumer alice = gatewatch.metrics().consumer("alice");
            users.record(HttpMethod.GET, 200, ResponseSource.UPSTREAM, 17_204_000L, 15_980_000L, 0, 312, alice,
                    TraceParent.parse("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"));
            users.record(HttpMethod.POST, 401, ResponseSource.AUTH_REJECTED, 1_500_001L, RouteMetrics.NO_UPSTREAM, 20, 27);
            gatewatch.metrics().route("gateway", "no_route")
                    .record(HttpMethod.of("BREW"), 404, ResponseSource.NO_ROUTE, 250_000L, RouteMetrics.NO_UPSTREAM, 0, 20, null);
            awaitLines(file, 3);
            snapshot = gatewatch.snapshot();
        }
        long after = System.currentTimeMillis();
        List<String> lines = Files.readAllLines(file);
        assertThat(lines).hasSize(3);

        JsonNode first = JSON.readTree(lines.get(0));
        assertThat(Instant.parse(first.get("timestamp").asText()).toEpochMilli()).isBetween(before, after);
        assertThat(first.get("timestamp").asText()).endsWith("Z");
        assertThat(first.get("node_id").asText()).isEqualTo("gw-7");
        assertThat(first.get("service").asText()).isEqualTo("accounts");
        assertThat(first.get("route").asText()).isEqualTo("users");
        assertThat(first.get("method").asText()).isEqualTo("GET");
        assertThat(first.get("status").asInt()).isEqualTo(200);
        assertThat(first.get("source").asText()).isEqualTo("upstream");
        assertThat(first.get("consumer").asText()).isEqualTo("alice");
        assertThat(first.get("latency_ms").decimalValue()).isEqualByComparingTo("17.204");
        assertThat(first.get("upstream_latency_ms").decimalValue()).isEqualByComparingTo("15.98");
        assertThat(first.get("overhead_latency_ms").decimalValue()).isEqualByComparingTo("1.224");
        assertThat(first.get("request_bytes").asLong()).isEqualTo(0);
        assertThat(first.get("response_bytes").asLong()).isEqualTo(312);
        assertThat(first.get("trace_id").asText()).isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
        assertThat(first.get("span_id").asText()).isEqualTo("00f067aa0ba902b7");

        JsonNode second = JSON.readTree(lines.get(1));
        assertThat(second.get("method").asText()).isEqualTo("POST");
        assertThat(second.get("status").asInt()).isEqualTo(401);
        assertThat(second.get("source").asText()).isEqualTo("auth");
        assertThat(second.get("consumer").isNull()).isTrue();
        assertThat(second.get("latency_ms").decimalValue()).isEqualByComparingTo("1.500001");
        assertThat(second.get("upstream_latency_ms").isNull()).isTrue();
        assertThat(second.get("overhead_latency_ms").decimalValue()).isEqualByComparingTo("1.500001");
        assertThat(second.get("trace_id").isNull()).isTrue();

        JsonNode third = JSON.readTree(lines.get(2));
        assertThat(third.get("service").asText()).isEqualTo("gateway");
        assertThat(third.get("method").asText()).isEqualTo("OTHER");
        assertThat(third.get("latency_ms").decimalValue()).isEqualByComparingTo("0.25");

        CounterPoint written = (CounterPoint) snapshot.family("gatewatch.access_log.lines").point(Labels.EMPTY);
        assertThat(written.value()).isEqualTo(3);
    }

    @Test
    void disabledByDefault(@TempDir Path dir) {
        try (Gatewatch gatewatch = Gatewatch.start(conf("gatewatch { shutdown-hook = false, status.drain-delay = 0s }"))) {
            assertThat(gatewatch.snapshot().families()).noneMatch(f -> f.descriptor().name().startsWith("gatewatch.access_log"));
        }
    }

    @Test
    void badSettingsFailStartUpWithPathAndLine() {
        assertThatThrownBy(() -> Gatewatch.start(conf("""
                gatewatch {
                  shutdown-hook = false
                  access-log {
                    enabled = true
                    sample-rate = 1.5
                    max-events-per-secnd = 10
                  }
                }
                """)))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("application.conf:5: gatewatch.access-log.sample-rate: must be between 0.0 and 1.0, got 1.5")
                .hasMessageContaining("application.conf:6: gatewatch.access-log.max-events-per-secnd: unknown setting");
    }

    private static void awaitLines(Path file, int n) throws Exception {
        long deadline = System.nanoTime() + 30_000_000_000L;   // generous: a busy machine may starve the writer
        while (System.nanoTime() < deadline) {
            if (Files.exists(file) && Files.readAllLines(file).size() >= n) {
                return;
            }
            Thread.sleep(20);
        }
    }
}
