package io.gatewatch.sample;

import static io.gatewatch.testing.gateway.SampleGatewayProcess.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.gatewatch.testing.Json;
import io.gatewatch.testing.Ports;
import io.gatewatch.testing.gateway.SampleGatewayProcess;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The sample gateway end to end, from the built jars, as a user starts it. */
class SampleGatewayIT {
    private static final String USERS_OK =
            "gateway_requests_total{service=\"accounts\",route=\"users\",method=\"GET\",status=\"200\",source=\"upstream\"}";

    @Test
    void trafficThroughTheProxyShowsInMetricsStatusProbesAndTheJsonExporter(@TempDir Path dir) throws Exception {
        try (SampleGatewayProcess gw = SampleGatewayProcess.start(dir, options()
                .set("gatewatch.exporters.json-file.interval", "1s")
                .set("sample-gateway.upstreams.flaky.error-rate", "1.0")
                .set("sample-gateway.circuit-breaker.failure-threshold", "3")
                .set("sample-gateway.circuit-breaker.open-duration", "60s"))) {
            // a good key: the first GET goes upstream, the next two come from the response cache
            for (int i = 0; i < 3; i++) {
                HttpResponse<String> r = gw.get("/api/users/7", "alice-key");
                assertThat(r.statusCode()).isEqualTo(200);
                assertThat(Json.read(r.body()).path("upstream").textValue()).isEqualTo("users");
            }
            assertThat(gw.post("/api/orders", "alice-key", "{\"qty\":1}").statusCode()).isEqualTo(200);
            assertThat(gw.get("/api/users/7", "wrong-key").statusCode()).isEqualTo(401);
            assertThat(gw.get("/api/users/7", "wrong-key").statusCode()).isEqualTo(401);
            assertThat(gw.get("/api/users/7", null).statusCode()).isEqualTo(401);
            assertThat(gw.get("/no/such/route", null).statusCode()).isEqualTo(404);
            // the failing upstream: three 500s open its breaker, then the gateway answers 503 itself
            for (int i = 0; i < 3; i++) {
                assertThat(gw.get("/api/flaky/x", null).statusCode()).isEqualTo(500);
            }
            assertThat(gw.get("/api/flaky/x", null).statusCode()).isEqualTo(503);
            assertThat(gw.get("/api/flaky/x", null).statusCode()).isEqualTo(503);

            // recorded right after each response went out: wait for the last one
            assertThat(gw.awaitMetric("gateway_requests_total{service=\"shop\",route=\"flaky\",method=\"GET\",status=\"503\",source=\"upstream_unreachable\"}",
                    2, Duration.ofSeconds(30))).isEqualTo(2);
            assertThat(gw.metric(USERS_OK)).isEqualTo(1);
            assertThat(gw.metric("gateway_requests_total{service=\"accounts\",route=\"users\",method=\"GET\",status=\"200\",source=\"gateway\"}")).isEqualTo(2);
            assertThat(gw.metric("gateway_requests_total{service=\"shop\",route=\"orders\",method=\"POST\",status=\"200\",source=\"upstream\"}")).isEqualTo(1);
            assertThat(gw.metric("gateway_requests_total{service=\"accounts\",route=\"users\",method=\"GET\",status=\"401\",source=\"auth\"}")).isEqualTo(3);
            assertThat(gw.metric("gateway_requests_total{service=\"gateway\",route=\"no_route\",method=\"GET\",status=\"404\",source=\"no_route\"}")).isEqualTo(1);
            assertThat(gw.metric("gateway_requests_total{service=\"shop\",route=\"flaky\",method=\"GET\",status=\"500\",source=\"upstream\"}")).isEqualTo(3);
            assertThat(gw.metric("gateway_requests_total{service=\"shop\",route=\"flaky\",method=\"GET\",status=\"503\",source=\"upstream_unreachable\"}")).isEqualTo(2);
            assertThat(gw.metric("gateway_auth_attempts_total{scheme=\"key-auth\"}")).isEqualTo(7);
            assertThat(gw.metric("gateway_auth_failures_total{scheme=\"key-auth\",reason=\"invalid_key\"}")).isEqualTo(2);
            assertThat(gw.metric("gateway_auth_failures_total{scheme=\"key-auth\",reason=\"missing_key\"}")).isEqualTo(1);
            assertThat(gw.metric("gateway_cache_hits_total{cache=\"response\"}")).isEqualTo(2);
            assertThat(gw.metric("gateway_cache_misses_total{cache=\"response\"}")).isEqualTo(1);
            assertThat(gw.metric("gateway_circuit_breaker_state{upstream=\"flaky\",state=\"open\"}")).isEqualTo(1);
            assertThat(gw.metric("gateway_circuit_breaker_transitions_total{upstream=\"flaky\",state=\"open\"}")).isEqualTo(1);
            assertThat(gw.metric("gateway_upstream_target_health{upstream=\"users\",target=\"127.0.0.1:" + targetPort(gw) + "\",state=\"healthy\"}"))
                    .isEqualTo(1);
            assertThat(gw.metric("gateway_request_duration_seconds_count{service=\"accounts\",route=\"users\"}")).isEqualTo(6);
            assertThat(gw.metric("gateway_upstream_duration_seconds_count{service=\"accounts\",route=\"users\"}")).isEqualTo(1);
            assertThat(gw.metric("gateway_connections_opened_total{listener=\"http\"}")).isGreaterThanOrEqualTo(1);
            assertThat(gw.metric("gateway_requests_in_flight")).isEqualTo(0);

            assertThat(gw.status("/health/ready").statusCode()).isEqualTo(200);
            JsonNode status = Json.read(gw.awaitStatus("exporter:json-file", Duration.ofSeconds(30)));
            assertThat(status.path("components").path("exporter:json-file").path("status").asText()).isEqualTo("healthy");
            assertThat(status.path("components").path("upstream-tcp").path("status").asText()).isEqualTo("healthy");
            assertThat(status.path("status").asText()).isEqualTo("healthy");

            // the example exporter's lines: the counts it wrote add up to what was recorded
            Path lines = dir.resolve("gatewatch-metrics.jsonl");
            long deadline = System.nanoTime() + 30_000_000_000L;
            // every request above was recorded before this point: wait for the interval that holds the last ones
            while (jsonCount(lines, "gateway.requests", "flaky", "500", "upstream") < 3 && System.nanoTime() < deadline) {
                Thread.sleep(200);
            }
            assertThat(jsonCount(lines, "gateway.requests", "users", "200", "upstream")).isEqualTo(1);
            assertThat(jsonCount(lines, "gateway.requests", "flaky", "500", "upstream")).isEqualTo(3);
            // the file is fresh: written every second, so a few seconds old at most (gross: a busy machine
            // may write late, a broken gauge would read 0 forever or the age since start-up and beyond)
            assertThat(gw.metric("gateway_file_age_seconds{path=\"gatewatch-metrics.jsonl\"}")).isBetween(0.0, 15.0);

            assertThat(gw.stop()).isEqualTo(143);
            assertThat(gw.log()).doesNotContain("Exception in thread");
        }
    }

    @Test
    void pluginJarIsPickedUpFromTheClasspathWithoutCodeChanges(@TempDir Path dir) throws Exception {
        try (SampleGatewayProcess without = SampleGatewayProcess.start(dir.resolve("without"), options().onlyPlugins())) {
            assertThat(without.get("/api/users/1", "alice-key").statusCode()).isEqualTo(200);
            String status = without.status("/status").body();
            assertThat(status).doesNotContain("upstream-tcp").doesNotContain("json-file");
            assertThat(without.metrics()).doesNotContain("gateway_file_age_seconds").contains("gateway_requests_total");
            assertThat(without.stop()).isEqualTo(143);
            assertThat(Files.exists(without.dir.resolve("gatewatch-metrics.jsonl"))).isFalse();
        }
        try (SampleGatewayProcess with = SampleGatewayProcess.start(dir.resolve("with"),
                options().set("gatewatch.exporters.json-file.interval", "1s"))) {
            assertThat(with.get("/api/users/1", "alice-key").statusCode()).isEqualTo(200);
            String status = with.awaitStatus("exporter:json-file", Duration.ofSeconds(30));
            assertThat(status).contains("upstream-tcp").contains("exporter:json-file");
            assertThat(with.metrics()).contains("gateway_file_age_seconds");
            assertThat(with.status("/health/ready").body()).contains("upstream-tcp");
            assertThat(with.stop()).isEqualTo(143);
            assertThat(Files.readAllLines(with.dir.resolve("gatewatch-metrics.jsonl"))).map(Json::read)
                    .anySatisfy(line -> assertThat(line.path("metric").textValue()).isEqualTo("gateway.requests"));
        }
    }

    @Test
    void theShippedSampleConfStartsTheGatewayAsWritten(@TempDir Path dir) throws Exception {
        Path sampleConf = SampleGatewayProcess.TARGET.resolve("../sample.conf").toAbsolutePath().normalize();
        try (SampleGatewayProcess gw = SampleGatewayProcess.start(dir, options().configFile(sampleConf))) {
            HttpResponse<String> r = gw.get("/api/users/1", "alice-key");
            assertThat(r.statusCode()).isEqualTo(200);
            // per-consumer is on in sample.conf, and the common tag is on every series
            assertThat(gw.awaitMetric("gateway_requests_total{env=\"demo\",service=\"accounts\",route=\"users\",method=\"GET\","
                    + "status=\"200\",source=\"upstream\",consumer=\"alice\"}", 1, Duration.ofSeconds(30))).isEqualTo(1);
            assertThat(gw.stop()).isEqualTo(143);
        }
    }

    private static boolean failing(String status, String component) {
        String state = Json.read(status).path("components").path(component).path("status").asText();
        return state.equals("degraded") || state.equals("down");
    }

    @Test
    void statsdAndDatadogShipInTheGatewayJarAndTheirOutagesNeverTouchReadiness(@TempDir Path dir) throws Exception {
        int closed = Ports.free();
        try (SampleGatewayProcess gw = SampleGatewayProcess.start(dir, options().onlyPlugins()
                .set("gatewatch.exporters.statsd.enabled", "true")
                .set("gatewatch.exporters.statsd.port", closed)
                .set("gatewatch.exporters.statsd.interval", "500ms")
                .set("gatewatch.exporters.datadog.enabled", "true")
                .set("gatewatch.exporters.datadog.api-key", "sample-test-key-1234")
                .set("gatewatch.exporters.datadog.uri", "http://127.0.0.1:" + closed)
                .set("gatewatch.exporters.datadog.interval", "1s"))) {
            assertThat(gw.get("/api/users/1", "alice-key").statusCode()).isEqualTo(200);
            // both are listed from start-up (healthy, waiting for their first export); wait for the outage to show
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            String status = gw.status("/status").body();
            while (!(failing(status, "exporter:datadog") && failing(status, "exporter:statsd"))
                    && System.nanoTime() < deadline) {
                Thread.sleep(100);
                status = gw.status("/status").body();
            }
            JsonNode components = Json.read(status).path("components");
            assertThat(components.path("exporter:datadog").path("status").asText()).isIn("degraded", "down");
            assertThat(components.path("exporter:statsd").path("status").asText()).isIn("degraded", "down");
            assertThat(status).doesNotContain("sample-test-key-1234");
            assertThat(gw.status("/health/ready").statusCode()).isEqualTo(200);
            assertThat(gw.status("/health/live").statusCode()).isEqualTo(200);
            assertThat(gw.get("/api/users/2", "alice-key").statusCode()).isEqualTo(200);
            gw.stop();
            assertThat(gw.log()).doesNotContain("sample-test-key-1234").doesNotContain("NoClassDefFoundError");
        }
    }

    private static int targetPort(SampleGatewayProcess gw) throws Exception {
        for (String line : gw.metrics().split("\n")) {
            if (line.startsWith("gateway_upstream_target_health{upstream=\"users\"")) {
                String target = line.substring(line.indexOf("target=\"") + 8);
                return Integer.parseInt(target.substring(target.indexOf(':') + 1, target.indexOf('"')));
            }
        }
        throw new AssertionError("no target health for users");
    }

    /** The sum of the counter deltas the JSON exporter wrote for one request series. */
    private static long jsonCount(Path file, String metric, String route, String status, String source) throws Exception {
        if (!Files.exists(file)) {
            return 0;
        }
        long total = 0;
        for (String line : Files.readAllLines(file)) {
            JsonNode n = Json.read(line);
            JsonNode labels = n.get("labels");
            if (metric.equals(n.get("metric").asText()) && route.equals(labels.path("route").asText())
                    && status.equals(labels.path("status").asText()) && source.equals(labels.path("source").asText())) {
                total += n.get("value").asLong();
            }
        }
        return total;
    }
}
