package io.gatewatch.systemtests;

import static org.assertj.core.api.Assertions.assertThat;

import io.gatewatch.systemtests.support.Figures;
import io.gatewatch.testing.Ports;
import io.gatewatch.testing.gateway.SampleGatewayProcess;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Prometheus exporter's own port ({@code gatewatch.exporters.prometheus.port})
 * is served by the status listener's code. Before the fix a JDK HttpServer served it: it answered
 * {@code /metrics} without credentials although {@code gatewatch.status.auth} was set, bound every
 * interface without a log line, and two clients sending their headers slowly blocked every scrape
 * for as long as they stayed connected.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PrometheusOwnPortIT {
    private static final String TOKEN = "scr4pe-t0ken-scr4pe";
    private static final int REQUEST_TIMEOUT_MS = 2000;
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private SampleGatewayProcess node;
    private int metricsPort;

    @BeforeAll
    void start(@TempDir Path dir) throws Exception {
        metricsPort = Ports.free();
        node = SampleGatewayProcess.start(dir.resolve("node"), SampleGatewayProcess.options()
                .set("gatewatch.status.auth.bearer-token", TOKEN)
                .set("gatewatch.status.request-timeout", REQUEST_TIMEOUT_MS + "ms")
                .set("gatewatch.exporters.prometheus.port", metricsPort)
                .set("gatewatch.exporters.json-file.enabled", false));
    }

    @AfterAll
    void stop() throws InterruptedException {
        if (node != null) {
            node.close();
        }
    }

    private HttpResponse<String> scrape(String authorization) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + metricsPort + "/metrics"))
                .timeout(Duration.ofSeconds(5));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void theOwnPortAsksForTheStatusListenersCredentials() throws Exception {
        HttpResponse<String> anonymous = scrape(null);
        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(anonymous.headers().firstValue("www-authenticate")).contains("Bearer realm=\"gatewatch\"");
        assertThat(anonymous.body()).isEqualTo("{\"status\":401,\"error\":\"unauthorized\"}");
        assertThat(scrape("Bearer not-the-t0ken").statusCode()).isEqualTo(401);
        HttpResponse<String> scraped = scrape("Bearer " + TOKEN);
        assertThat(scraped.statusCode()).isEqualTo(200);
        assertThat(scraped.body()).contains("# TYPE gateway_requests_total counter");
        // the own port serves /metrics only; probes stay on the status port
        assertThat(client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + metricsPort + "/health/live"))
                .build(), HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(404);
    }

    @Test
    void theOwnPortBindsTheStatusListenersHostAndSaysSo() throws Exception {
        String log = node.log();
        assertThat(log).contains("prometheus listener started")
                .containsPattern("prometheus listener started .*host=\"127\\.0\\.0\\.1\" port=\"" + metricsPort + "\" auth=\"true\"");
        String status = node.status("/status", "Bearer " + TOKEN).body();
        assertThat(status).contains("\"prometheus-listener\"")
                .contains("listening on 127.0.0.1:" + metricsPort + " (auth)");
    }

    @Test
    void clientsSendingHeadersSlowlyDoNotBlockScrapes() throws Exception {
        List<Socket> slow = new ArrayList<>();
        long slowestScrapeNanos = 0;
        int scrapes = 0;
        try {
            for (int i = 0; i < 4; i++) {
                Socket s = new Socket("127.0.0.1", metricsPort);
                OutputStream out = s.getOutputStream();
                out.write("GET /metrics HTTP/1.1\r\nHost: x\r\nX-Slow: ".getBytes(StandardCharsets.US_ASCII));
                out.flush();
                slow.add(s);
            }
            // one byte each per round, every 200 ms: they never finish their headers
            for (int round = 0; round < 8; round++) {
                for (Socket s : slow) {
                    try {
                        s.getOutputStream().write('a');
                    } catch (java.io.IOException cutOff) {
                        // past request-timeout the listener closes them: that is the point
                    }
                }
                long start = System.nanoTime();
                HttpResponse<String> scraped = scrape("Bearer " + TOKEN);
                long took = System.nanoTime() - start;
                slowestScrapeNanos = Math.max(slowestScrapeNanos, took);
                scrapes++;
                assertThat(scraped.statusCode()).isEqualTo(200);
                assertThat(took / 1e9).as("seconds for a scrape while slow clients are connected").isLessThan(1.0);
                Thread.sleep(200);
            }
            // and they are cut off once request-timeout has passed, however they trickle
            for (Socket s : slow) {
                s.setSoTimeout(REQUEST_TIMEOUT_MS * 5);
                int read;
                try {
                    read = s.getInputStream().read();
                } catch (java.net.SocketException reset) {
                    read = -1;
                }
                assertThat(read).as("slow client closed by the listener").isEqualTo(-1);
            }
        } finally {
            for (Socket s : slow) {
                s.close();
            }
        }
        Figures.record("own metrics port", "4 clients sending headers one byte per 200 ms: %d scrapes all 200,"
                + " slowest %.1f ms; the slow clients closed after request-timeout (%d ms)", scrapes,
                slowestScrapeNanos / 1e6, REQUEST_TIMEOUT_MS);
    }
}
