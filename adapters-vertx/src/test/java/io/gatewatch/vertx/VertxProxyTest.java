package io.gatewatch.vertx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.typesafe.config.ConfigFactory;
import io.gatewatch.testing.Ports;
import io.gatewatch.testing.prometheus.PrometheusServer;
import io.gatewatch.testing.prometheus.PrometheusText;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.metrics.MetricsOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.proxy.handler.ProxyHandler;
import io.vertx.httpproxy.HttpProxy;
import java.io.InputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real Vert.x Web proxy ({@code vertx-web-proxy}) with gatewatch found by Vert.x's service loader,
 * in front of a Vert.x upstream on loopback (its own Vert.x, without metrics). Each case reads exact
 * counts from /metrics on gatewatch's status listener, before and after, so the cases do not depend
 * on their order.
 */
class VertxProxyTest {
    private static final int STREAM_CHUNKS = 3;
    private static final int CHUNK = 1000;
    /** Counts down when the upstream has the request that it will not answer in time. */
    private static final CountDownLatch SILENT_REQUESTS = new CountDownLatch(1);

    private static final String[] USERS = {"service", "accounts", "route", "/users/:id"};
    // Vert.x Web names a route by its path, and keeps a trailing wildcard's path without the "*"
    private static final String[] ORDERS = {"service", "127.0.0.1", "route", "/orders/"};
    private static final String[] DOWN = {"service", "127.0.0.1", "route", "/down/"};
    private static final String[] HTTP = {"listener", "http"};

    private static Vertx upstreamVertx;
    private static Vertx proxyVertx;
    private static int proxyPort;
    private static int plainProxyPort;
    private static int statusPort;
    private static java.net.http.HttpClient client;

    @BeforeAll
    static void start() throws Exception {
        statusPort = Ports.free();
        System.setProperty("gatewatch.status.host", "127.0.0.1");
        System.setProperty("gatewatch.status.port", String.valueOf(statusPort));
        System.setProperty("gatewatch.status.drain-delay", "0s");
        System.setProperty("gatewatch.shutdown-hook", "false");
        System.setProperty("gatewatch.vertx.services./users/:id", "accounts");
        ConfigFactory.invalidateCaches();

        upstreamVertx = Vertx.vertx();
        HttpServer upstream = upstreamVertx.createHttpServer().requestHandler(request -> {
            HttpServerResponse response = request.response();
            if (request.path().startsWith("/orders/silent")) {
                // no answer for a long while: the client leaves before any response head
                SILENT_REQUESTS.countDown();
                upstreamVertx.setTimer(3_000, t -> response.end());
            } else if (request.path().startsWith("/orders/slow")) {
                // one chunk now, the rest much later: the client leaves in between
                response.setChunked(true).write("x".repeat(CHUNK));
                upstreamVertx.setTimer(3_000, t -> response.end());
            } else if (request.path().startsWith("/orders/stream")) {
                response.setChunked(true);
                for (int i = 0; i < STREAM_CHUNKS; i++) {
                    response.write("x".repeat(CHUNK));
                }
                response.end();
            } else {
                request.body().onSuccess(body -> response.end("upstream saw " + request.method() + " "
                        + request.path() + " with " + body.length() + " bytes"));
            }
        });
        int upstreamPort = upstream.listen(0, "127.0.0.1").await().actualPort();
        int closedPort = Ports.free();

        // what a user writes: metrics enabled in the options, gatewatch-vertx on the class path
        proxyVertx = Vertx.vertx(new VertxOptions().setMetricsOptions(new MetricsOptions().setEnabled(true)));
        HttpClient proxyClient = proxyVertx.createHttpClient();
        Router router = Router.router(proxyVertx);
        router.route("/users/:id").handler(ProxyHandler.create(HttpProxy.reverseProxy(proxyClient).origin(upstreamPort, "127.0.0.1")));
        router.route("/orders/*").handler(ProxyHandler.create(HttpProxy.reverseProxy(proxyClient).origin(upstreamPort, "127.0.0.1")));
        // routes whose own handler answers, without calling an upstream
        router.route("/secure/*").handler(ctx -> ctx.response().setStatusCode(401).end("who are you?"));
        router.route("/limited/*").handler(ctx -> ctx.response().setStatusCode(429).end("slow down"));
        router.route("/down/*").handler(ProxyHandler.create(HttpProxy.reverseProxy(proxyClient).origin(closedPort, "127.0.0.1")));
        proxyPort = proxyVertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1").await().actualPort();
        // vertx-http-proxy alone, without a router
        plainProxyPort = proxyVertx.createHttpServer().requestHandler(HttpProxy.reverseProxy(proxyClient).origin(upstreamPort, "127.0.0.1"))
                .listen(0, "127.0.0.1").await().actualPort();
        client = java.net.http.HttpClient.newBuilder().version(java.net.http.HttpClient.Version.HTTP_1_1).build();
    }

    @AfterAll
    static void stop() throws Exception {
        if (proxyVertx != null) {
            proxyVertx.close().await(20, TimeUnit.SECONDS);
        }
        if (upstreamVertx != null) {
            upstreamVertx.close().await(20, TimeUnit.SECONDS);
        }
        for (String key : new String[] {"gatewatch.status.host", "gatewatch.status.port", "gatewatch.status.drain-delay",
                "gatewatch.shutdown-hook", "gatewatch.vertx.services./users/:id"}) {
            System.clearProperty(key);
        }
        ConfigFactory.invalidateCaches();
    }

    @Test
    void matched_requests_count_under_the_route_path_and_the_declared_service() throws Exception {
        PrometheusText before = metrics();
        String body = "{\"name\":\"ada\"}";
        HttpResponse<String> get1 = send("GET", "/users/1?secret=query", null);
        HttpResponse<String> get2 = send("GET", "/users/22", null);
        HttpResponse<String> post = send("POST", "/users/3", body);
        assertThat(get1.statusCode()).isEqualTo(200);
        assertThat(get1.body()).isEqualTo("upstream saw GET /users/1 with 0 bytes");
        assertThat(post.body()).isEqualTo("upstream saw POST /users/3 with " + body.length() + " bytes");

        PrometheusText after = awaitMetrics(m -> m.sum("gateway_requests_total", USERS) - before.sum("gateway_requests_total", USERS) == 3);
        assertThat(delta(before, after, "gateway_requests_total", with(USERS, "method", "GET", "status", "200", "source", "upstream"))).isEqualTo(2);
        assertThat(delta(before, after, "gateway_requests_total", with(USERS, "method", "POST", "status", "200", "source", "upstream"))).isEqualTo(1);
        assertThat(delta(before, after, "gateway_request_bytes_total", USERS)).isEqualTo(body.length());
        assertThat(delta(before, after, "gateway_response_bytes_total", USERS))
                .isEqualTo(get1.body().length() + get2.body().length() + post.body().length());
        assertThat(delta(before, after, "gateway_upstream_duration_seconds_count", USERS)).isEqualTo(3);
        assertThat(delta(before, after, "gateway_overhead_duration_seconds_count", USERS)).isEqualTo(3);
        // the raw path (and its query string) is never a label
        assertThat(after.toString()).doesNotContain("/users/1").doesNotContain("secret");
        assertThat(after.sum("gateway_requests_in_flight")).isZero();
    }

    @Test
    void unmatched_requests_are_no_route() throws Exception {
        PrometheusText before = metrics();
        HttpResponse<String> first = send("GET", "/nothing/here", null);
        send("DELETE", "/neither", null);
        assertThat(first.statusCode()).isEqualTo(404);
        String[] noRoute = {"service", "gateway", "route", "no_route", "source", "no_route", "status", "404"};
        PrometheusText after = awaitMetrics(m -> m.sum("gateway_requests_total", noRoute) - before.sum("gateway_requests_total", noRoute) == 2);
        assertThat(delta(before, after, "gateway_requests_total", with(noRoute, "method", "DELETE"))).isEqualTo(1);
        assertThat(delta(before, after, "gateway_response_bytes_total", "route", "no_route")).isEqualTo(2 * first.body().length());
        assertThat(delta(before, after, "gateway_upstream_duration_seconds_count", "route", "no_route")).isZero();
    }

    @Test
    void an_upstream_refusing_connections_is_upstream_unreachable_with_its_attempt_as_upstream_time() throws Exception {
        PrometheusText before = metrics();
        HttpResponse<String> first = send("GET", "/down/a", null);
        send("GET", "/down/b", null);
        assertThat(first.statusCode()).isEqualTo(502);
        String[] unreachable = with(DOWN, "source", "upstream_unreachable", "status", "502");
        PrometheusText after = awaitMetrics(m -> m.sum("gateway_requests_total", unreachable) - before.sum("gateway_requests_total", unreachable) == 2);
        assertThat(delta(before, after, "gateway_requests_total", with(DOWN, "source", "upstream"))).isZero();
        assertThat(delta(before, after, "gateway_upstream_duration_seconds_count", DOWN)).isEqualTo(2);
    }

    @Test
    void a_streamed_response_counts_every_chunk_and_ends_at_its_last_byte() throws Exception {
        PrometheusText before = metrics();
        HttpResponse<String> streamed = send("GET", "/orders/stream", null);
        assertThat(streamed.statusCode()).isEqualTo(200);
        assertThat(streamed.headers().firstValue("transfer-encoding")).hasValue("chunked");
        assertThat(streamed.body()).hasSize(STREAM_CHUNKS * CHUNK);
        String[] ok = with(ORDERS, "method", "GET", "status", "200", "source", "upstream");
        PrometheusText after = awaitMetrics(m -> m.sum("gateway_requests_total", ok) - before.sum("gateway_requests_total", ok) == 1);
        assertThat(delta(before, after, "gateway_response_bytes_total", ORDERS)).isEqualTo(STREAM_CHUNKS * CHUNK);
        assertThat(delta(before, after, "gateway_upstream_duration_seconds_count", ORDERS)).isEqualTo(1);
    }

    @Test
    void a_keep_alive_connection_is_counted_once_however_many_requests_it_carries() throws Exception {
        PrometheusText before = metrics();
        String[] ok = with(ORDERS, "method", "GET", "status", "200", "source", "upstream");
        try (Socket socket = new Socket("127.0.0.1", proxyPort)) {
            socket.setSoTimeout(10_000);
            InputStream in = socket.getInputStream();
            for (int i = 0; i < 4; i++) {
                socket.getOutputStream().write(("GET /orders/" + i + " HTTP/1.1\r\nHost: gw\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                readResponse(in);
            }
            PrometheusText during = awaitMetrics(m -> m.sum("gateway_requests_total", ok) - before.sum("gateway_requests_total", ok) == 4);
            assertThat(delta(before, during, "gateway_connections_opened_total", HTTP)).isEqualTo(1);
            assertThat(during.sum("gateway_connections_active", HTTP)).isPositive();
        }
        PrometheusText after = awaitMetrics(m -> m.sum("gateway_connections_closed_total", HTTP) - before.sum("gateway_connections_closed_total", HTTP) >= 1);
        assertThat(delta(before, after, "gateway_connections_opened_total", HTTP)).isEqualTo(1);
        assertThat(after.sum("gateway_connections_active", HTTP)).isEqualTo(
                after.sum("gateway_connections_opened_total", HTTP) - after.sum("gateway_connections_closed_total", HTTP));
    }

    @Test
    void a_route_that_answers_itself_is_auth_for_401_and_rate_limit_for_429_without_upstream_time() throws Exception {
        PrometheusText before = metrics();
        assertThat(send("GET", "/secure/vault", null).statusCode()).isEqualTo(401);
        assertThat(send("GET", "/limited/x", null).statusCode()).isEqualTo(429);
        assertThat(send("GET", "/limited/y", null).statusCode()).isEqualTo(429);
        String[] secure = {"service", "gateway", "route", "/secure/"};
        String[] limited = {"service", "gateway", "route", "/limited/"};
        String[] limitedCount = with(limited, "status", "429", "source", "rate_limit");
        PrometheusText after = awaitMetrics(m -> m.sum("gateway_requests_total", limitedCount) - before.sum("gateway_requests_total", limitedCount) == 2);
        assertThat(delta(before, after, "gateway_requests_total", with(secure, "status", "401", "source", "auth"))).isEqualTo(1);
        assertThat(delta(before, after, "gateway_requests_rate_limited_total", limited)).isEqualTo(2);
        assertThat(delta(before, after, "gateway_upstream_duration_seconds_count", "service", "gateway")).isZero();
        assertThat(delta(before, after, "gateway_response_bytes_total", secure)).isEqualTo("who are you?".length());
    }

    @Test
    void a_client_that_leaves_mid_response_is_counted_once_with_the_status_already_sent() throws Exception {
        PrometheusText before = metrics();
        String[] ok = with(ORDERS, "method", "GET", "status", "200", "source", "upstream");
        try (Socket socket = new Socket("127.0.0.1", proxyPort)) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write("GET /orders/slow HTTP/1.1\r\nHost: gw\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            InputStream in = socket.getInputStream();
            StringBuilder head = new StringBuilder();
            while (!head.toString().endsWith("\r\n\r\n")) {
                head.append((char) in.read());
            }
            assertThat(head).startsWith("HTTP/1.1 200");
            assertThat(in.read()).as("the first chunk").isNotNegative();
        }
        PrometheusText after = awaitMetrics(m -> m.sum("gateway_requests_total", ok) - before.sum("gateway_requests_total", ok) == 1
                && m.sum("gateway_requests_in_flight") == 0);
        assertThat(delta(before, after, "gateway_requests_total", ORDERS)).isEqualTo(1);
        assertThat(delta(before, after, "gateway_upstream_duration_seconds_count", ORDERS)).isEqualTo(1);
    }

    @Test
    void a_client_that_leaves_before_any_answer_is_499_from_the_gateway_even_with_the_upstream_called() throws Exception {
        PrometheusText before = metrics();
        String[] gone = with(ORDERS, "method", "GET", "status", "499", "source", "gateway");
        try (Socket socket = new Socket("127.0.0.1", proxyPort)) {
            socket.getOutputStream().write("GET /orders/silent HTTP/1.1\r\nHost: gw\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            assertThat(SILENT_REQUESTS.await(10, TimeUnit.SECONDS)).as("the upstream got the request").isTrue();
        }
        PrometheusText after = awaitMetrics(m -> m.sum("gateway_requests_total", gone) - before.sum("gateway_requests_total", gone) == 1
                && m.sum("gateway_requests_in_flight") == 0);
        assertThat(delta(before, after, "gateway_requests_total", ORDERS)).isEqualTo(1);
    }

    @Test
    void a_plain_http_proxy_without_a_router_counts_as_unrouted_under_the_upstream_host() throws Exception {
        PrometheusText before = metrics();
        HttpResponse<String> response = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + plainProxyPort + "/anything/7"))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.body()).isEqualTo("upstream saw GET /anything/7 with 0 bytes");
        String[] plain = {"service", "127.0.0.1", "route", "unrouted", "method", "GET", "status", "200", "source", "upstream"};
        PrometheusText after = awaitMetrics(m -> m.sum("gateway_requests_total", plain) - before.sum("gateway_requests_total", plain) == 1);
        assertThat(delta(before, after, "gateway_response_bytes_total", "route", "unrouted")).isEqualTo(response.body().length());
        assertThat(after.toString()).doesNotContain("/anything");
    }

    @Test
    void prometheus_scrapes_the_status_listener_and_reads_a_count_back(@TempDir Path dir) throws Exception {
        for (int i = 0; i < 3; i++) {
            send("GET", "/users/" + i, null);
        }
        double expected = awaitMetrics(m -> true).sum("gateway_requests_total", with(USERS, "source", "upstream"));
        try (PrometheusServer prometheus = PrometheusServer.start(dir, """
                global: { scrape_interval: 1s }
                scrape_configs:
                  - job_name: vertx-proxy
                    static_configs: [ { targets: [ "127.0.0.1:%d" ] } ]
                """.formatted(statusPort))) {
            prometheus.awaitTargetsUp(1, Duration.ofSeconds(30));
            String query = "sum(gateway_requests_total{service=\"accounts\",route=\"/users/:id\",source=\"upstream\"})";
            prometheus.await("the proxy's requests in Prometheus", Duration.ofSeconds(30), () -> prometheus.query(query).size() == 1);
            assertThat(prometheus.single(query)).isEqualTo(expected);
        }
    }

    private static void readResponse(InputStream in) throws Exception {
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            assertThat(b).as("response head").isNotNegative();
            head.append((char) b);
        }
        assertThat(head).startsWith("HTTP/1.1 200");
        int length = Integer.parseInt(head.toString().lines().filter(l -> l.toLowerCase().startsWith("content-length:"))
                .findFirst().orElseThrow().substring("content-length:".length()).trim());
        assertThat(in.readNBytes(length)).hasSize(length);
    }

    private static HttpResponse<String> send(String method, String path, String body) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + proxyPort + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .timeout(Duration.ofSeconds(10)).build();
        return client.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private static PrometheusText metrics() throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + statusPort + "/metrics"))
                .timeout(Duration.ofSeconds(10)).build();
        HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        return new PrometheusText(response.body());
    }

    /** The response ends before the server's last callback returns: wait until the counts are there. */
    private static PrometheusText awaitMetrics(java.util.function.Predicate<PrometheusText> done) {
        PrometheusText[] last = new PrometheusText[1];
        try {
            await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50)).until(() -> {
                last[0] = metrics();
                return done.test(last[0]);
            });
        } catch (ConditionTimeoutException e) {
            throw new AssertionError("the counts never came; the requests recorded were:\n"
                    + (last[0] == null ? "(no scrape)" : last[0].lines("gateway_requests_total")), e);
        }
        return last[0];
    }

    private static double delta(PrometheusText before, PrometheusText after, String name, String... labels) {
        return after.sum(name, labels) - before.sum(name, labels);
    }

    private static String[] with(String[] base, String... more) {
        String[] all = java.util.Arrays.copyOf(base, base.length + more.length);
        System.arraycopy(more, 0, all, base.length, more.length);
        return all;
    }

}
