package io.gatewatch.exporter.prometheus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.ConfigFactory;
import io.gatewatch.api.HttpMethod;
import io.gatewatch.api.ResponseSource;
import io.gatewatch.probes.StatusSettings;
import io.gatewatch.probes.internal.PluginListeners;
import io.gatewatch.spi.ListenerHost;
import io.gatewatch.testing.TestPluginContext;
import java.io.ByteArrayInputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The own port as the plugin runs it: the status listener's code (health-probes' {@link ListenerHost}
 * implementation) on a real socket, with the settings of {@code gatewatch.status}.
 */
class OwnPortListenerTest {
    private static final String TOKEN = "scrape-t0ken";
    private final TestPluginContext context = Fixtures.context();
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private OwnPortListener listener;
    private URI metrics;

    private void start(String statusSettings, PrometheusSettings.Auth auth) {
        context.store().gatewayMetrics().route("accounts", "get-user")
                .record(HttpMethod.GET, 200, ResponseSource.UPSTREAM, 3_000_000L, 2_000_000L, 100, 2000);
        MetricsEndpoint endpoint = new MetricsEndpoint(context.snapshots(), "gateway", null,
                new ScrapeMetrics(context.selfMetrics()), context.health().component("exporter:prometheus"),
                System::nanoTime);
        StatusSettings status = StatusSettings.from(ConfigFactory.parseString(statusSettings)
                .withFallback(ConfigFactory.parseResources("reference.conf")).resolve().getConfig("gatewatch.status"));
        PrometheusSettings settings = new PrometheusSettings(true, "/metrics", OptionalInt.of(0),
                Optional.of("127.0.0.1"), auth, false);
        listener = new OwnPortListener(settings, new MetricsRoute("/metrics", endpoint),
                () -> Optional.of(new PluginListeners(status, context)));
        listener.start();
        metrics = URI.create("http://127.0.0.1:" + listener.address().getPort() + "/metrics");
    }

    private void start() {
        start("", PrometheusSettings.Auth.STATUS);
    }

    @AfterEach
    void stop() {
        if (listener != null) {
            listener.stop();
            listener.stop(); // idempotent
        }
    }

    private HttpResponse<byte[]> send(HttpRequest.Builder request) throws Exception {
        return client.send(request.timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    @Test
    void servesPrometheusTextWithLength() throws Exception {
        start();
        HttpResponse<byte[]> r = send(HttpRequest.newBuilder(metrics));
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("content-type")).contains("text/plain; version=0.0.4; charset=utf-8");
        assertThat(r.headers().firstValue("content-encoding")).isEmpty();
        assertThat(r.headers().firstValue("content-length")).contains(Integer.toString(r.body().length));
        Exposition parsed = Exposition.parse(new String(r.body(), StandardCharsets.UTF_8));
        assertThat(parsed.value("gateway_response_bytes_total", "route", "get-user")).isEqualTo(2000.0);
    }

    @Test
    void gzipWhenTheScraperAcceptsIt() throws Exception {
        start();
        HttpResponse<byte[]> r = send(HttpRequest.newBuilder(metrics).header("Accept-Encoding", "deflate, gzip;q=0.8"));
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("content-encoding")).contains("gzip");
        String text = new String(new GZIPInputStream(new ByteArrayInputStream(r.body())).readAllBytes(),
                StandardCharsets.UTF_8);
        assertThat(Exposition.parse(text).value("gateway_requests_total", "status", "200")).isEqualTo(1.0);

        HttpResponse<byte[]> refused = send(HttpRequest.newBuilder(metrics).header("Accept-Encoding", "gzip;q=0"));
        assertThat(refused.headers().firstValue("content-encoding")).isEmpty();
    }

    @Test
    void openMetricsWhenAsked() throws Exception {
        start();
        HttpResponse<byte[]> r = send(HttpRequest.newBuilder(metrics)
                .header("Accept", "application/openmetrics-text; version=1.0.0; charset=utf-8"));
        assertThat(r.headers().firstValue("content-type"))
                .contains("application/openmetrics-text; version=1.0.0; charset=utf-8");
        assertThat(new String(r.body(), StandardCharsets.UTF_8))
                .contains("# TYPE gateway_requests counter\n").endsWith("# EOF\n");
    }

    @Test
    void headHasNoBodyAndOtherPathsMethodsAndProbesAreRefused() throws Exception {
        start();
        HttpResponse<byte[]> head = send(HttpRequest.newBuilder(metrics).method("HEAD", HttpRequest.BodyPublishers.noBody()));
        assertThat(head.statusCode()).isEqualTo(200);
        assertThat(head.body()).isEmpty();

        assertThat(send(HttpRequest.newBuilder(metrics.resolve("/other"))).statusCode()).isEqualTo(404);
        // the own port serves /metrics only: the probes and /status stay on the status port
        assertThat(send(HttpRequest.newBuilder(metrics.resolve("/health/live"))).statusCode()).isEqualTo(404);
        assertThat(send(HttpRequest.newBuilder(metrics.resolve("/status"))).statusCode()).isEqualTo(404);
        HttpResponse<byte[]> delete = send(HttpRequest.newBuilder(metrics).DELETE());
        assertThat(delete.statusCode()).isEqualTo(405);
        assertThat(delete.headers().firstValue("allow")).contains("GET, HEAD, OPTIONS");
        assertThat(send(HttpRequest.newBuilder(metrics).POST(HttpRequest.BodyPublishers.ofString("x"))).statusCode())
                .as("request bodies are refused like on the status port").isEqualTo(413);
    }

    @Test
    void theStatusListenersCredentialsProtectTheOwnPort() throws Exception {
        start("gatewatch.status.auth.bearer-token = \"" + TOKEN + "\"", PrometheusSettings.Auth.STATUS);
        HttpResponse<byte[]> anonymous = send(HttpRequest.newBuilder(metrics));
        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(anonymous.headers().firstValue("www-authenticate")).contains("Bearer realm=\"gatewatch\"");
        assertThat(new String(anonymous.body(), StandardCharsets.UTF_8)).doesNotContain("gateway_");
        assertThat(send(HttpRequest.newBuilder(metrics).header("Authorization", "Bearer wrong-t0ken")).statusCode())
                .isEqualTo(401);
        assertThat(send(HttpRequest.newBuilder(metrics).header("Authorization", "Bearer " + TOKEN)).statusCode())
                .isEqualTo(200);
    }

    @Test
    void authNoneServesAnyoneOnPurpose() throws Exception {
        start("gatewatch.status.auth.bearer-token = \"" + TOKEN + "\"", PrometheusSettings.Auth.NONE);
        assertThat(send(HttpRequest.newBuilder(metrics)).statusCode()).isEqualTo(200);
    }

    @Test
    void clientsSendingHeadersSlowlyDoNotBlockScrapes() throws Exception {
        // held workers would hold a scrape for the whole request-timeout (6 s): the 3 s bound tells the two
        // apart with room for a starved machine (a 1.1 s scrape was seen under load)
        start("gatewatch.status.request-timeout = 6s", PrometheusSettings.Auth.STATUS);
        List<Socket> slow = new ArrayList<>();
        try {
            // the JDK server this replaced served one exchange per worker and waited for the whole head:
            // two such clients held both workers, and every scrape waited as long as they stayed
            for (int i = 0; i < 4; i++) {
                Socket s = new Socket("127.0.0.1", metrics.getPort());
                OutputStream out = s.getOutputStream();
                out.write("GET /metrics HTTP/1.1\r\nHost: x\r\nX-Slow: ".getBytes(StandardCharsets.US_ASCII));
                out.flush();
                slow.add(s);
            }
            for (int i = 0; i < 5; i++) {
                for (Socket s : slow) {
                    s.getOutputStream().write('a');
                }
                long start = System.nanoTime();
                assertThat(send(HttpRequest.newBuilder(metrics)).statusCode()).isEqualTo(200);
                assertThat((System.nanoTime() - start) / 1e9).as("seconds for a scrape").isLessThan(3.0);
            }
            // and they are cut off once request-timeout has passed, however they trickle
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            for (Socket s : slow) {
                s.setSoTimeout(15_000);
                assertThat(s.getInputStream().read()).as("closed by the listener").isEqualTo(-1);
            }
            assertThat(System.nanoTime()).isLessThan(deadline);
        } finally {
            for (Socket s : slow) {
                s.close();
            }
        }
    }

    @Test
    void withoutTheStatusListenerPluginTheOwnPortFailsStartUpSayingWhatToAdd() {
        PrometheusSettings settings = new PrometheusSettings(true, "/metrics", OptionalInt.of(0), Optional.empty(),
                PrometheusSettings.Auth.STATUS, false);
        OwnPortListener orphan = new OwnPortListener(settings, new MetricsRoute("/metrics", null), Optional::empty);
        assertThatThrownBy(orphan::start).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("gatewatch.exporters.prometheus.port is set")
                .hasMessageContaining("io.gatewatch:gatewatch-health-probes");
    }
}
