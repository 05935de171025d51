package io.gatewatch.exporter.prometheus;

import static org.assertj.core.api.Assertions.assertThat;

import io.gatewatch.api.HttpMethod;
import io.gatewatch.api.ResponseSource;
import io.gatewatch.testing.TestPluginContext;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class OwnPortServerTest {
    private final TestPluginContext context = Fixtures.context();
    private final HttpClient client = HttpClient.newHttpClient();
    private OwnPortServer server;
    private URI metrics;

    @BeforeEach
    void start() throws Exception {
        context.store().gatewayMetrics().route("accounts", "get-user")
                .record(HttpMethod.GET, 200, ResponseSource.UPSTREAM, 3_000_000L, 2_000_000L, 100, 2000);
        MetricsEndpoint endpoint = new MetricsEndpoint(context.snapshots(), "gateway", null,
                new ScrapeMetrics(context.selfMetrics()), context.health().component("exporter:prometheus"),
                System::nanoTime);
        server = new OwnPortServer("127.0.0.1", 0, "/metrics", endpoint, context.threadFactory("prometheus"));
        server.start();
        metrics = URI.create("http://127.0.0.1:" + server.boundPort() + "/metrics");
    }

    @AfterEach
    void stop() {
        server.stop();
        server.stop(); // idempotent
    }

    private HttpResponse<byte[]> send(HttpRequest.Builder request) throws Exception {
        return client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    @Test
    void servesPrometheusTextWithLength() throws Exception {
        HttpResponse<byte[]> r = send(HttpRequest.newBuilder(metrics));
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("content-type")).contains("text/plain; version=0.0.4; charset=utf-8");
        assertThat(r.headers().firstValue("content-encoding")).isEmpty();
        Exposition parsed = Exposition.parse(new String(r.body(), StandardCharsets.UTF_8));
        assertThat(parsed.value("gateway_response_bytes_total", "route", "get-user")).isEqualTo(2000.0);
    }

    @Test
    void gzipWhenTheScraperAcceptsIt() throws Exception {
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
        HttpResponse<byte[]> r = send(HttpRequest.newBuilder(metrics)
                .header("Accept", "application/openmetrics-text; version=1.0.0; charset=utf-8"));
        assertThat(r.headers().firstValue("content-type"))
                .contains("application/openmetrics-text; version=1.0.0; charset=utf-8");
        assertThat(new String(r.body(), StandardCharsets.UTF_8))
                .contains("# TYPE gateway_requests counter\n").endsWith("# EOF\n");
    }

    @Test
    void headHasNoBodyAndOtherPathsAndMethodsAreRefused() throws Exception {
        HttpResponse<byte[]> head = send(HttpRequest.newBuilder(metrics).method("HEAD", HttpRequest.BodyPublishers.noBody()));
        assertThat(head.statusCode()).isEqualTo(200);
        assertThat(head.body()).isEmpty();

        assertThat(send(HttpRequest.newBuilder(metrics.resolve("/other"))).statusCode()).isEqualTo(404);
        HttpResponse<byte[]> post = send(HttpRequest.newBuilder(metrics).POST(HttpRequest.BodyPublishers.ofString("x")));
        assertThat(post.statusCode()).isEqualTo(405);
        assertThat(post.headers().firstValue("allow")).contains("GET, HEAD");
    }

    @Test
    void acceptEncodingParsing() {
        assertThat(OwnPortServer.acceptsGzip("gzip")).isTrue();
        assertThat(OwnPortServer.acceptsGzip("br, GZIP ; q=0.5")).isTrue();
        assertThat(OwnPortServer.acceptsGzip("gzip;q=0")).isFalse();
        assertThat(OwnPortServer.acceptsGzip("identity")).isFalse();
        assertThat(OwnPortServer.acceptsGzip(null)).isFalse();
    }
}
