package io.gatewatch.sample;

import static io.gatewatch.testing.gateway.SampleGatewayProcess.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.gatewatch.testing.Json;
import io.gatewatch.testing.Peers;
import io.gatewatch.testing.gateway.SampleGatewayProcess;
import io.gatewatch.testing.prometheus.PrometheusServer;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A trace id travels from a client's {@code traceparent} through the sample gateway (forwarded to
 * the upstream) into a latency exemplar, and a real Prometheus server with exemplar storage hands
 * it back from {@code /api/v1/query_exemplars}.
 */
class ExemplarPrometheusIT {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private static final String[] TRACE_IDS = {
        "4bf92f3577b34da6a3ce929d0e0e4736", "0af7651916cd43dd8448eb211c80319c", "d4cda95b652f4a1592b449d5929fda1b",
    };
    private static final String MALFORMED = "00-4BF92F3577B34DA6A3CE929D0E0E4736-00f067aa0ba902b7-01";

    @Test
    void traceIdsSentByClientsComeBackAsExemplarsFromPrometheus(@TempDir Path dir) throws Exception {
        Peers.require("prometheus", PrometheusServer.INSTALL); // before the gateway starts: skipped or failed at once
        try (SampleGatewayProcess gw = SampleGatewayProcess.start(dir.resolve("gw"),
                options().onlyPlugins().set("sample-gateway.upstreams.flaky.error-rate", "0.0"));
             PrometheusServer prom = PrometheusServer.start(dir.resolve("prom"), scrapeConfig(gw.statusPort),
                     "--enable-feature=exemplar-storage")) {
            prom.awaitTargetsUp(1, WAIT);

            for (String traceId : TRACE_IDS) {
                String sent = "00-" + traceId + "-00f067aa0ba902b7-01";
                HttpResponse<String> r = send(gw, sent);
                assertThat(r.statusCode()).isEqualTo(200);
                // the upstream got the same trace, under the gateway's own span id
                JsonNode upstream = Json.read(r.body());
                assertThat(upstream.path("traceparent").asText()).matches("00-" + traceId + "-[0-9a-f]{16}-01")
                        .isNotEqualTo(sent);
                // one request at a time: each bucket keeps only its latest exemplar, Prometheus keeps the history
                prom.await("exemplar " + traceId, WAIT, () -> exemplarTraceIds(prom).contains(traceId));
            }
            assertThat(exemplarTraceIds(prom)).contains(TRACE_IDS);

            // a malformed header starts a new trace; nothing of it is echoed anywhere
            HttpResponse<String> r = send(gw, MALFORMED);
            assertThat(r.statusCode()).isEqualTo(200);
            String forwarded = Json.read(r.body()).path("traceparent").asText();
            assertThat(forwarded).matches("00-[0-9a-f]{32}-[0-9a-f]{16}-01").doesNotContainIgnoringCase("4bf92f3577b34da6a3ce929d0e0e4736");
            String newTrace = forwarded.substring(3, 35);
            prom.await("exemplar of the new trace", WAIT, () -> exemplarTraceIds(prom).contains(newTrace));
            assertThat(openMetrics(gw)).doesNotContain("4BF92F").contains(newTrace);
            assertThat(gw.log()).doesNotContain("4BF92F");
            // 0.0.4 text stays free of exemplars and promtool-clean while the buckets hold them
            String text = gw.metrics();
            assertThat(text).doesNotContain("trace_id");
            assertThat(promtoolCheckMetrics(Peers.require("promtool", PrometheusServer.INSTALL), text)).isEqualTo("exit 0: ");
        }
    }

    private static HttpResponse<String> send(SampleGatewayProcess gw, String traceparent) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gw.port + "/api/flaky/item"))
                .header("traceparent", traceparent).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static String openMetrics(SampleGatewayProcess gw) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gw.statusPort + "/metrics"))
                .header("Accept", "application/openmetrics-text; version=1.0.0").timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    /** Prometheus scraping the gateway's status listener every second. */
    private static String scrapeConfig(int statusPort) {
        return """
                global: { scrape_interval: 1s, evaluation_interval: 1s }
                scrape_configs:
                  - job_name: gateway
                    metrics_path: /metrics
                    static_configs: [ { targets: ["127.0.0.1:%d"] } ]
                """.formatted(statusPort);
    }

    /** Every trace id among the exemplars Prometheus stored for the flaky route's request latency. */
    private static List<String> exemplarTraceIds(PrometheusServer prom) throws Exception {
        long now = System.currentTimeMillis() / 1000;
        String query = URLEncoder.encode("gateway_request_duration_seconds_bucket{route=\"flaky\"}", StandardCharsets.UTF_8);
        JsonNode body = Json.read(prom.get("/api/v1/query_exemplars?query=" + query
                + "&start=" + (now - 600) + "&end=" + (now + 60)));
        assertThat(body.path("status").asText()).as(body.toString()).isEqualTo("success");
        List<String> ids = new ArrayList<>();
        for (JsonNode series : body.path("data")) {
            for (JsonNode exemplar : series.path("exemplars")) {
                ids.add(exemplar.path("labels").path("trace_id").asText());
            }
        }
        return ids;
    }

    /** {@code promtool check metrics} on the text; "exit N: output". */
    private static String promtoolCheckMetrics(Path promtool, String exposition) throws Exception {
        Process p = new ProcessBuilder(promtool.toString(), "check", "metrics").redirectErrorStream(true).start();
        try {
            p.getOutputStream().write(exposition.getBytes(StandardCharsets.UTF_8));
            p.getOutputStream().close();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                throw new AssertionError("promtool did not finish");
            }
            return "exit " + p.exitValue() + ": " + out;
        } finally {
            p.destroyForcibly();
        }
    }
}
