package io.gatewatch.servlet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.typesafe.config.ConfigFactory;
import io.gatewatch.Gatewatch;
import io.gatewatch.testing.gateway.Upstream;
import io.gatewatch.testing.prometheus.PrometheusText;
import jakarta.servlet.ServletContainerInitializer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * One servlet gateway (the test's proxy servlet behind {@link GatewatchFilter}) in a real servlet
 * container, a real upstream on loopback and a real keep-alive client; every count and label is
 * read from /metrics on gatewatch's status listener. Each container runs the same scenarios.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class ServletGatewayScenarios {
    static final Duration WAIT = Duration.ofSeconds(10);
    static final String LISTENER = "http";
    static final String PLAIN = "/plain";
    final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    Upstream upstream;
    Gatewatch gatewatch;
    int statusPort;
    AutoCloseable container;
    int port;

    /** The container's side of a test: what it serves and how it counts connections. */
    interface Gateway {
        /** A new proxy servlet (one per application). */
        ProxyServlet proxy();

        ErrorPageServlet errorPage();

        /** Installs the filter the way a user does, while the container starts. */
        ServletContainerInitializer gatewatch();

        Gatewatch instance();
    }

    /**
     * Starts the container on a free loopback port with connection counts under {@link #LISTENER}
     * and two applications, each with the proxy servlet at /* and gatewatch installed: at the root
     * with its error page at /error for every error, and at {@link #PLAIN} without error pages (the
     * container renders errors itself).
     */
    abstract Started start(Gateway gateway) throws Exception;

    record Started(AutoCloseable container, int port) {
    }

    @BeforeAll
    void startGateway() throws Exception {
        upstream = new Upstream();
        statusPort = freePort();
        gatewatch = Gatewatch.start(ConfigFactory.parseString("gatewatch { shutdown-hook = false, metrics { jvm = false, per-consumer = true }, "
                + "status { host = \"127.0.0.1\", port = " + statusPort + ", drain-delay = 0s } }"));
        String upstreamUrl = upstream.url();
        int closedPort = Upstream.closedPort();
        Gatewatch g = gatewatch;
        Started started = start(new Gateway() {
            @Override
            public ProxyServlet proxy() {
                return new ProxyServlet(upstreamUrl, closedPort);
            }

            @Override
            public ErrorPageServlet errorPage() {
                return new ErrorPageServlet();
            }

            @Override
            public ServletContainerInitializer gatewatch() {
                return (classes, context) -> GatewatchFilter.install(context, g);
            }

            @Override
            public Gatewatch instance() {
                return g;
            }
        });
        container = started.container();
        port = started.port();
    }

    @AfterAll
    void stopGateway() throws Exception {
        if (container != null) {
            container.close();
        }
        if (gatewatch != null) {
            gatewatch.close();
        }
        if (upstream != null) {
            upstream.close();
        }
    }

    @Test
    void synchronous_requests_are_recorded_with_their_route_service_source_and_bytes() {
        for (int i = 0; i < 3; i++) {
            HttpResponse<byte[]> r = get("/users/" + i, "X-Consumer", i == 0 ? "ada" : "grace");
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.body()).isEqualTo(Upstream.USER);
        }
        byte[] body = "{\"name\":\"grace\"}".getBytes(StandardCharsets.UTF_8);
        HttpResponse<byte[]> posted = send(HttpRequest.newBuilder(uri("/users"))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).header("Content-Type", "application/json").build());
        assertThat(posted.statusCode()).isEqualTo(200);
        Map<String, String> users = labels("service", "users-api", "route", "users");
        await().atMost(WAIT).untilAsserted(() -> {
            PrometheusText m = metrics();
            assertThat(m.sum("gateway_requests_total", with(users, "method", "GET", "status", "200", "source", "upstream")))
                    .isEqualTo(3);
            assertThat(m.sum("gateway_requests_total", with(users, "method", "POST", "status", "200", "source", "upstream")))
                    .isEqualTo(1);
            assertThat(m.sum("gateway_requests_total", with(users, "method", "GET", "consumer", "ada"))).isEqualTo(1);
            assertThat(m.sum("gateway_requests_total", with(users, "method", "GET", "consumer", "grace"))).isEqualTo(2);
            assertThat(m.sum("gateway_response_bytes_total", users)).isEqualTo(4.0 * Upstream.USER.length);
            assertThat(m.sum("gateway_request_bytes_total", users)).isEqualTo(body.length);
            assertThat(m.sum("gateway_upstream_duration_seconds_count", users)).isEqualTo(4);
            assertThat(m.sum("gateway_overhead_duration_seconds_count", users)).isEqualTo(4);
            assertThat(m.sum("gateway_request_duration_seconds_count", users)).isEqualTo(4);
        });
    }

    @Test
    void async_requests_are_recorded_when_they_complete() {
        for (int i = 0; i < 2; i++) {
            HttpResponse<byte[]> r = get("/async/users/" + i);
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.body()).isEqualTo(Upstream.USER);
        }
        Map<String, String> async = labels("service", "users-api", "route", "users-async");
        await().atMost(WAIT).untilAsserted(() -> {
            PrometheusText m = metrics();
            assertThat(m.sum("gateway_requests_total", with(async, "method", "GET", "status", "200", "source", "upstream")))
                    .isEqualTo(2);
            assertThat(m.sum("gateway_response_bytes_total", async)).isEqualTo(2.0 * Upstream.USER.length);
            assertThat(m.sum("gateway_upstream_duration_seconds_count", async)).isEqualTo(2);
        });
    }

    @Test
    void a_request_no_route_took_counts_as_no_route_with_its_error_page_status_and_bytes() {
        HttpResponse<byte[]> r = get("/nowhere/at/all");
        assertThat(r.statusCode()).isEqualTo(404);
        assertThat(new String(r.body(), StandardCharsets.UTF_8)).isEqualTo(ErrorPageServlet.body(404, "/nowhere/at/all"));
        await().atMost(WAIT).untilAsserted(() -> {
            PrometheusText m = metrics();
            assertThat(m.sum("gateway_requests_total", labels("service", "gateway", "route", "no_route",
                    "method", "GET", "status", "404", "source", "no_route"))).isEqualTo(1);
            assertThat(m.sum("gateway_response_bytes_total", labels("service", "gateway", "route", "no_route")))
                    .isEqualTo(r.body().length);
            assertThat(m.sum("gateway_upstream_duration_seconds_count", labels("route", "no_route"))).isZero();
        });
    }

    @Test
    void an_exception_is_counted_with_the_error_page_the_container_dispatches_for_it() {
        HttpResponse<byte[]> r = get("/crash");
        assertThat(r.statusCode()).isEqualTo(500);
        assertThat(new String(r.body(), StandardCharsets.UTF_8)).isEqualTo(ErrorPageServlet.body(500, "/crash"));
        await().atMost(WAIT).untilAsserted(() -> {
            PrometheusText m = metrics();
            assertThat(m.sum("gateway_requests_total", labels("service", "gateway", "route", "unrouted",
                    "method", "GET", "status", "500", "source", "gateway"))).isEqualTo(1);
            // the error page's bytes; the application without error pages adds none (its errors are written outside the filter)
            assertThat(m.sum("gateway_response_bytes_total", labels("route", "unrouted"))).isEqualTo(r.body().length);
        });
    }

    @Test
    void without_an_error_page_the_container_s_own_error_still_counts_once_with_its_status() {
        // other methods than the error-page tests use, so each test reads series of its own
        HttpResponse<byte[]> notFound = send(HttpRequest.newBuilder(uri(PLAIN + "/nowhere")).DELETE().build());
        assertThat(notFound.statusCode()).isEqualTo(404);
        HttpResponse<byte[]> crashed = send(HttpRequest.newBuilder(uri(PLAIN + "/crash"))
                .POST(HttpRequest.BodyPublishers.noBody()).build());
        assertThat(crashed.statusCode()).isEqualTo(500);
        await().atMost(WAIT).untilAsserted(() -> {
            PrometheusText m = metrics();
            assertThat(m.sum("gateway_requests_total", labels("service", "gateway", "route", "no_route",
                    "method", "DELETE", "status", "404", "source", "no_route"))).isEqualTo(1);
            assertThat(m.sum("gateway_requests_total", labels("service", "gateway", "route", "unrouted",
                    "method", "POST", "status", "500", "source", "gateway"))).isEqualTo(1);
            assertThat(m.sum("gateway_requests_in_flight", Map.of())).isZero();
        });
    }

    @Test
    void an_unreachable_upstream_is_told_apart_from_an_upstream_answer() {
        HttpResponse<byte[]> r = get("/down/1");
        assertThat(r.statusCode()).isEqualTo(502);
        Map<String, String> down = labels("service", "down-api", "route", "down");
        await().atMost(WAIT).untilAsserted(() -> {
            PrometheusText m = metrics();
            assertThat(m.sum("gateway_requests_total", with(down, "status", "502", "source", "upstream_unreachable")))
                    .isEqualTo(1);
            assertThat(m.sum("gateway_upstream_duration_seconds_count", down)).isEqualTo(1);
            assertThat(m.sum("gateway_response_bytes_total", down)).isEqualTo(r.body().length).isPositive();
        });
    }

    @Test
    void a_request_the_gateway_refused_counts_under_the_source_it_gave() {
        HttpResponse<byte[]> r = get("/limited/1");
        assertThat(r.statusCode()).isEqualTo(429);
        Map<String, String> limited = labels("service", "users-api", "route", "limited");
        await().atMost(WAIT).untilAsserted(() -> {
            PrometheusText m = metrics();
            assertThat(m.sum("gateway_requests_total", with(limited, "status", "429", "source", "rate_limit"))).isEqualTo(1);
            assertThat(m.sum("gateway_requests_rate_limited_total", limited)).isEqualTo(1);
            assertThat(m.sum("gateway_upstream_duration_seconds_count", limited)).isZero();
            assertThat(m.sum("gateway_response_bytes_total", limited)).isEqualTo(r.body().length);
        });
    }

    @Test
    void a_stream_is_timed_to_its_end_and_all_its_bytes_counted() {
        HttpResponse<byte[]> r = get("/events/ticks");
        assertThat(r.statusCode()).isEqualTo(200);
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        for (int i = 0; i < Upstream.EVENTS; i++) {
            expected.writeBytes(Upstream.event(i));
        }
        assertThat(r.body()).isEqualTo(expected.toByteArray());
        Map<String, String> events = labels("service", "events-api", "route", "events");
        await().atMost(WAIT).untilAsserted(() -> {
            PrometheusText m = metrics();
            assertThat(m.sum("gateway_requests_total", with(events, "status", "200", "source", "upstream"))).isEqualTo(1);
            assertThat(m.sum("gateway_response_bytes_total", events)).isEqualTo(expected.size());
            // five events 20 ms apart: the request lasts at least the four gaps
            assertThat(m.sum("gateway_request_duration_seconds_sum", events)).isGreaterThanOrEqualTo(0.08);
        });
    }

    @Test
    void a_client_that_leaves_mid_response_is_counted_once_with_the_status_already_sent() throws Exception {
        Map<String, String> stalled = labels("service", "files-api", "route", "stalled");
        Map<String, String> http = labels("listener", LISTENER);
        double closed = metrics().sum("gateway_connections_closed_total", http);
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.getOutputStream().write("GET /hanging/file HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            assertThat(socket.getInputStream().read()).isNotNegative();
        }
        // the servlet thread notices the client is gone only when it writes again: the upstream's end makes it flush
        upstream.releaseHanging.countDown();
        await().atMost(WAIT).untilAsserted(() -> {
            PrometheusText m = metrics();
            assertThat(m.sum("gateway_requests_total", with(stalled, "status", "200"))).isEqualTo(1);
            assertThat(m.sum("gateway_requests_in_flight", Map.of())).isZero();
            // the server closed its side too, so no late close lands in another test's connection counts
            assertThat(m.sum("gateway_connections_closed_total", http)).isGreaterThanOrEqualTo(closed + 1);
            // what the relay handed the container before a write failed: some, never more than the upstream sent
            assertThat(m.sum("gateway_response_bytes_total", stalled)).isPositive()
                    .isLessThanOrEqualTo(Upstream.HANGING_PREFIX);
        });
        assertThat(metrics().sum("gateway_requests_total", stalled)).isEqualTo(1);
    }

    @Test
    void requests_on_one_keep_alive_connection_count_one_connection() throws Exception {
        Map<String, String> http = labels("listener", LISTENER);
        PrometheusText before = metrics();
        double opened = before.sum("gateway_connections_opened_total", http);
        double closed = before.sum("gateway_connections_closed_total", http);
        double lifetimes = before.sum("gateway_connection_duration_seconds_count", http);
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            for (int i = 0; i < 3; i++) {
                assertThat(exchangeOn(socket, "/kept/" + i)).isEqualTo(Upstream.USER);
            }
            await().atMost(WAIT).untilAsserted(() -> {
                PrometheusText m = metrics();
                assertThat(m.sum("gateway_connections_opened_total", http)).isEqualTo(opened + 1);
                assertThat(m.sum("gateway_connections_closed_total", http)).isEqualTo(closed);
            });
        }
        await().atMost(WAIT).untilAsserted(() -> {
            PrometheusText m = metrics();
            assertThat(m.sum("gateway_connections_opened_total", http)).isEqualTo(opened + 1);
            assertThat(m.sum("gateway_connections_closed_total", http)).isEqualTo(closed + 1);
            assertThat(m.sum("gateway_connection_duration_seconds_count", http)).isEqualTo(lifetimes + 1);
            assertThat(m.sum("gateway_connections_active", http)).isEqualTo(opened - closed);
        });
    }

    /** One request on an open connection; the response is read by its Content-Length. */
    private static byte[] exchangeOn(Socket socket, String path) throws Exception {
        OutputStream out = socket.getOutputStream();
        out.write(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
        InputStream in = socket.getInputStream();
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("connection closed in the response head: " + head);
            }
            head.append((char) b);
        }
        assertThat(head.toString()).startsWith("HTTP/1.1 200");
        int length = -1;
        for (String line : head.toString().split("\r\n")) {
            if (line.toLowerCase().startsWith("content-length:")) {
                length = Integer.parseInt(line.substring("content-length:".length()).trim());
            }
        }
        assertThat(length).as("Content-Length in " + head).isNotNegative();
        return in.readNBytes(length);
    }

    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    HttpResponse<byte[]> get(String path, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(10));
        if (headers.length > 0) {
            request.headers(headers);
        }
        return send(request.build());
    }

    HttpResponse<byte[]> send(HttpRequest request) {
        try {
            return client.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    PrometheusText metrics() throws IOException, InterruptedException {
        HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + statusPort + "/metrics"))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        return new PrometheusText(r.body());
    }

    static Map<String, String> labels(String... kv) {
        Map<String, String> m = new HashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return m;
    }

    static Map<String, String> with(Map<String, String> base, String... kv) {
        Map<String, String> m = new HashMap<>(base);
        m.putAll(labels(kv));
        return m;
    }

    static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
