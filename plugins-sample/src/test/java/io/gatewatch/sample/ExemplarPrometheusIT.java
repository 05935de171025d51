package io.gatewatch.sample;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A trace id travels from a client's {@code traceparent} through the sample gateway (forwarded to
 * the upstream) into a latency exemplar, and a real Prometheus server with exemplar storage hands
 * it back from {@code /api/v1/query_exemplars}.
 */
class ExemplarPrometheusIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private static final String[] TRACE_IDS = {
        "4bf92f3577b34da6a3ce929d0e0e4736", "0af7651916cd43dd8448eb211c80319c", "d4cda95b652f4a1592b449d5929fda1b",
    };
    private static final String MALFORMED = "00-4BF92F3577B34DA6A3CE929D0E0E4736-00f067aa0ba902b7-01";

    @Test
    void traceIdsSentByClientsComeBackAsExemplarsFromPrometheus(@TempDir Path dir) throws Exception {
        Path prometheus = require("prometheus");
        try (GatewayProcess gw = GatewayProcess.start(dir.resolve("gw"), false, List.of(
                "sample-gateway.upstreams.flaky.error-rate=0.0"));
             Prom prom = Prom.start(prometheus, dir.resolve("prom"), gw.statusPort)) {
            prom.await("the gateway scraped", () -> prom.get("/api/v1/targets").contains("\"health\":\"up\""));

            for (String traceId : TRACE_IDS) {
                String sent = "00-" + traceId + "-00f067aa0ba902b7-01";
                HttpResponse<String> r = send(gw, sent);
                assertThat(r.statusCode()).isEqualTo(200);
                // the upstream got the same trace, under the gateway's own span id
                JsonNode upstream = JSON.readTree(r.body());
                assertThat(upstream.path("traceparent").asText()).matches("00-" + traceId + "-[0-9a-f]{16}-01")
                        .isNotEqualTo(sent);
                // one request at a time: each bucket keeps only its latest exemplar, Prometheus keeps the history
                prom.await("exemplar " + traceId, () -> exemplarTraceIds(prom).contains(traceId));
            }
            assertThat(exemplarTraceIds(prom)).contains(TRACE_IDS);

            // a malformed header starts a new trace; nothing of it is echoed anywhere
            HttpResponse<String> r = send(gw, MALFORMED);
            assertThat(r.statusCode()).isEqualTo(200);
            String forwarded = JSON.readTree(r.body()).path("traceparent").asText();
            assertThat(forwarded).matches("00-[0-9a-f]{32}-[0-9a-f]{16}-01").doesNotContainIgnoringCase("4bf92f3577b34da6a3ce929d0e0e4736");
            String newTrace = forwarded.substring(3, 35);
            prom.await("exemplar of the new trace", () -> exemplarTraceIds(prom).contains(newTrace));
            assertThat(openMetrics(gw)).doesNotContain("4BF92F").contains(newTrace);
            assertThat(gw.log()).doesNotContain("4BF92F");
            // 0.0.4 text stays free of exemplars and promtool-clean while the buckets hold them
            String text = gw.metrics();
            assertThat(text).doesNotContain("trace_id");
            assertThat(promtoolCheckMetrics(require("promtool"), text)).isEqualTo("exit 0: ");
        }
    }

    private static HttpResponse<String> send(GatewayProcess gw, String traceparent) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gw.port + "/api/flaky/item"))
                .header("traceparent", traceparent).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static String openMetrics(GatewayProcess gw) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gw.statusPort + "/metrics"))
                .header("Accept", "application/openmetrics-text; version=1.0.0").timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    /** Every trace id among the exemplars Prometheus stored for the flaky route's request latency. */
    private static List<String> exemplarTraceIds(Prom prom) throws Exception {
        long now = System.currentTimeMillis() / 1000;
        String query = URLEncoder.encode("gateway_request_duration_seconds_bucket{route=\"flaky\"}", StandardCharsets.UTF_8);
        JsonNode body = JSON.readTree(prom.get("/api/v1/query_exemplars?query=" + query
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

    private static Path require(String binary) {
        for (String d : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path candidate = Path.of(d, binary);
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        String message = "'" + binary + "' is not on PATH; install it with `bash .ci/install-peers` (Debian package 'prometheus')";
        if (System.getenv("CI") != null) {
            fail(message + " (CI is set, so this fails instead of skipping)");
        }
        Assumptions.abort(message);
        return null;
    }

    /** Prometheus with exemplar storage on loopback, scraping the gateway's status listener every second. */
    private record Prom(Process process, Path log, int port) implements AutoCloseable {
        static Prom start(Path binary, Path dir, int target) throws Exception {
            Files.createDirectories(dir);
            Path config = Files.writeString(dir.resolve("prometheus.yml"), """
                    global: { scrape_interval: 1s, evaluation_interval: 1s }
                    scrape_configs:
                      - job_name: gateway
                        metrics_path: /metrics
                        static_configs: [ { targets: ["127.0.0.1:%d"] } ]
                    """.formatted(target));
            int port = GatewayProcess.freePort();
            Path log = dir.resolve("prometheus.log");
            Process p = new ProcessBuilder(binary.toString(), "--config.file=" + config,
                    "--storage.tsdb.path=" + Files.createDirectories(dir.resolve("tsdb")),
                    "--web.listen-address=127.0.0.1:" + port, "--enable-feature=exemplar-storage", "--log.level=warn")
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start();
            Prom prom = new Prom(p, log, port);
            try {
                prom.await("Prometheus ready", () -> prom.get("/-/ready").contains("Ready"));
            } catch (Exception | AssertionError e) {
                prom.close();
                throw e;
            }
            return prom;
        }

        String get(String pathAndQuery) throws Exception {
            return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + pathAndQuery))
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString()).body();
        }

        interface Check {
            boolean ok() throws Exception;
        }

        void await(String what, Check check) throws Exception {
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            Exception last = null;
            while (System.nanoTime() < deadline) {
                if (!process.isAlive()) {
                    throw new AssertionError("prometheus exited: " + Files.readString(log));
                }
                try {
                    if (check.ok()) {
                        return;
                    }
                } catch (java.io.IOException e) {
                    last = e;
                }
                Thread.sleep(200);
            }
            throw new AssertionError("timed out waiting for " + what + (last == null ? "" : ": " + last)
                    + "\nprometheus log:\n" + Files.readString(log));
        }

        @Override
        public void close() throws InterruptedException {
            process.destroy();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        }
    }
}
