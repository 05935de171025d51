package io.gatewatch.zuul;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Stage;
import com.netflix.config.ConfigurationManager;
import com.netflix.spectator.api.Counter;
import com.netflix.spectator.api.Registry;
import com.typesafe.config.ConfigFactory;
import io.gatewatch.Gatewatch;
import io.gatewatch.testing.Ports;
import io.gatewatch.testing.prometheus.PrometheusText;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;
import org.apache.commons.configuration.AbstractConfiguration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A real Zuul 2 server (trimmed from zuul-sample, built by Guice with gatewatch's module installed
 * beside Zuul's bindings) proxies to a real origin on loopback; a keep-alive client drives it and
 * every count and label is read from /metrics on gatewatch's status listener. Counts accumulate
 * across the tests of the one server, so each test asserts what its own requests added.
 */
class ZuulAdapterTest {
    private static final Duration RECORDED = Duration.ofSeconds(10);
    private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private static Upstream upstream;
    private static Injector injector;
    private static TrimmedServerStartup zuul;
    private static int zuulPort;
    private static int statusPort;

    @BeforeAll
    static void start() throws Exception {
        upstream = new Upstream();
        int closedPort = Ports.free();
        AbstractConfiguration archaius = ConfigurationManager.getConfigInstance();
        Origins.origin(archaius, Routes.USERS, upstream.port());
        Origins.origin(archaius, Routes.ORDERS, upstream.port());
        Origins.origin(archaius, Routes.DOWN, closedPort);
        Origins.origin(archaius, Routes.SLOW, upstream.port());
        // at shutdown Zuul waits this long (seconds) for the client's idle keep-alive connections
        archaius.setProperty("server.outofservice.close.timeout", "1");
        // Zuul refuses a request to this origin while another is in progress
        archaius.setProperty("zuul.origin." + Routes.SLOW + ".concurrency.protect.enabled", "true");
        archaius.setProperty("zuul.origin." + Routes.SLOW + ".concurrency.max.requests", "0");

        statusPort = Ports.free();
        com.typesafe.config.Config config = ConfigFactory.parseString("gatewatch { shutdown-hook = false, "
                + "metrics.per-consumer = true, "
                + "status { host = \"127.0.0.1\", port = " + statusPort + ", drain-delay = 0s } }");
        injector = Guice.createInjector(Stage.PRODUCTION, new ZuulTestModule(true), new GatewatchZuulModule(config));
        zuul = injector.getInstance(TrimmedServerStartup.class);
        zuulPort = zuul.start();
        // the first request to each origin loads and builds Zuul's and Ribbon's machinery, many
        // seconds on a busy machine: done here, so that no test's request waits for it
        for (String path : new String[] {"/api/warm-up", "/orders/warm-up", "/slow/warm-up"}) {
            assertThat(get(path).statusCode()).isEqualTo(200);
        }
        await().atMost(RECORDED).until(() -> scrape().sum("gateway_requests_total") >= 3);
    }


    @AfterAll
    static void stop() {
        if (zuul != null) {
            zuul.stop();
        }
        if (injector != null) {
            injector.getInstance(Gatewatch.class).close();
        }
        if (upstream != null) {
            upstream.close();
        }
    }

    private static HttpResponse<String> get(String path) throws Exception {
        return CLIENT.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + zuulPort + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static PrometheusText scrape() {
        return PrometheusText.scrape(statusPort);
    }

    /** Waits until {@code what} grew by {@code expected} since {@code before}, and answers the scrape that showed it. */
    private static PrometheusText awaitGrowth(PrometheusText before, double expected, ToDoubleFunction<PrometheusText> what) {
        PrometheusText[] seen = new PrometheusText[1];
        await().atMost(RECORDED).pollInterval(Duration.ofMillis(50)).until(() -> {
            seen[0] = scrape();
            return what.applyAsDouble(seen[0]) - what.applyAsDouble(before) >= expected;
        });
        return seen[0];
    }

    @Test
    void a_routed_request_is_the_upstreams_with_its_vip_as_service_and_route_and_its_bytes() throws Exception {
        PrometheusText before = scrape();
        String[] users = {"service", "users-api", "route", "users-api"};
        String body = "";
        for (int i = 0; i < 3; i++) {
            HttpResponse<String> response = get("/api/users/" + i);
            assertThat(response.statusCode()).isEqualTo(200);
            body += response.body();
        }
        HttpResponse<String> echoed = CLIENT.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + zuulPort + "/api/echo"))
                .POST(HttpRequest.BodyPublishers.ofString("x".repeat(1000))).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(echoed.statusCode()).isEqualTo(200);
        assertThat(echoed.body()).hasSize(1000);

        PrometheusText after = awaitGrowth(before, 4, e -> e.sum("gateway_requests_total", users));
        assertThat(delta(before, after, "gateway_requests_total", "service", "users-api", "route", "users-api",
                "method", "GET", "status", "200", "source", "upstream")).isEqualTo(3);
        assertThat(delta(before, after, "gateway_requests_total", "service", "users-api", "route", "users-api",
                "method", "POST", "status", "200", "source", "upstream")).isEqualTo(1);
        assertThat(delta(before, after, "gateway_request_duration_seconds_count", users)).isEqualTo(4);
        assertThat(delta(before, after, "gateway_upstream_duration_seconds_count", users)).isEqualTo(4);
        assertThat(delta(before, after, "gateway_overhead_duration_seconds_count", users)).isEqualTo(4);
        assertThat(delta(before, after, "gateway_request_bytes_total", users)).isEqualTo(1000);
        assertThat(delta(before, after, "gateway_response_bytes_total", users))
                .isEqualTo(body.getBytes(StandardCharsets.UTF_8).length + 1000);
        // the upstream's time is inside the total, and both are really measured
        assertThat(delta(before, after, "gateway_upstream_duration_seconds_sum", users))
                .isPositive()
                .isLessThanOrEqualTo(delta(before, after, "gateway_request_duration_seconds_sum", users));
    }

    @Test
    void an_upstreams_error_status_is_still_the_upstreams_answer() throws Exception {
        PrometheusText before = scrape();
        HttpResponse<String> response = get("/api/status/503");
        assertThat(response.statusCode()).isEqualTo(503);

        PrometheusText after = awaitGrowth(before, 1, e -> e.sum("gateway_requests_total", "route", "users-api", "status", "503"));
        assertThat(delta(before, after, "gateway_requests_total", "service", "users-api", "route", "users-api",
                "status", "503", "source", "upstream")).isEqualTo(1);
    }

    @Test
    void a_path_no_route_takes_is_no_route_of_the_gateway_with_the_bytes_of_its_answer() throws Exception {
        PrometheusText before = scrape();
        HttpResponse<String> response = get("/nowhere/at/all");
        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.body()).isEqualTo(NotFound.BODY);

        String[] noRoute = {"service", "gateway", "route", "no_route"};
        PrometheusText after = awaitGrowth(before, 1, e -> e.sum("gateway_requests_total", noRoute));
        assertThat(delta(before, after, "gateway_requests_total", "service", "gateway", "route", "no_route",
                "method", "GET", "status", "404", "source", "no_route")).isEqualTo(1);
        assertThat(delta(before, after, "gateway_response_bytes_total", noRoute)).isEqualTo(NotFound.BODY.length());
        assertThat(delta(before, after, "gateway_upstream_duration_seconds_count", noRoute)).isZero();
        assertThat(delta(before, after, "gateway_request_duration_seconds_count", noRoute)).isEqualTo(1);
    }

    @Test
    void an_origin_on_a_closed_port_is_upstream_unreachable_and_its_attempt_is_upstream_time() throws Exception {
        PrometheusText before = scrape();
        HttpResponse<String> response = get("/down/anything");
        int status = response.statusCode();
        assertThat(status).isBetween(500, 599);

        String[] down = {"service", "down-api", "route", "down-api"};
        PrometheusText after = awaitGrowth(before, 1, e -> e.sum("gateway_requests_total", down));
        assertThat(delta(before, after, "gateway_requests_total", "service", "down-api", "route", "down-api",
                "method", "GET", "status", String.valueOf(status), "source", "upstream_unreachable")).isEqualTo(1);
        assertThat(delta(before, after, "gateway_requests_total", down)).isEqualTo(1);
        assertThat(delta(before, after, "gateway_upstream_duration_seconds_count", down)).isEqualTo(1);
        // Zuul closes the client's connection after an origin failure: wait for it here, so that no
        // other test sees that close among its own connection counts
        awaitGrowth(before, 1, e -> e.sum("gateway_connections_closed_total", "listener", "http"));
    }

    @Test
    void a_filter_names_the_service_and_the_consumer_in_the_session_context() throws Exception {
        PrometheusText before = scrape();
        HttpResponse<String> response = CLIENT.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + zuulPort + "/orders/7"))
                .header("X-Consumer", "ada").build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);

        PrometheusText after = awaitGrowth(before, 1, e -> e.sum("gateway_requests_total", "route", "orders-api"));
        assertThat(delta(before, after, "gateway_requests_total", "service", "shop", "route", "orders-api",
                "status", "200", "source", "upstream", "consumer", "ada")).isEqualTo(1);
        assertThat(delta(before, after, "gateway_requests_total", "service", "orders-api")).isZero();
    }

    @Test
    void a_keep_alive_connection_is_counted_once_however_many_requests_it_carries() throws Exception {
        PrometheusText before = scrape();
        try (KeepAliveConnection connection = new KeepAliveConnection(zuulPort)) {
            for (int i = 0; i < 5; i++) {
                KeepAliveConnection.Response response = connection.get("/api/keepalive/" + i);
                assertThat(response.status()).isEqualTo(200);
                assertThat(response.body()).isEqualTo(Upstream.userBody("/api/keepalive/" + i));
            }
            PrometheusText during = awaitGrowth(before, 5, e -> e.sum("gateway_requests_total", "route", "users-api", "status", "200"));
            assertThat(delta(before, during, "gateway_connections_opened_total", "listener", "http")).isEqualTo(1);
            assertThat(delta(before, during, "gateway_connections_closed_total", "listener", "http")).isZero();
            assertThat(delta(before, during, "gateway_connections_active", "listener", "http")).isEqualTo(1);
            assertThat(during.sum("gateway_requests_in_flight")).isZero();
        }
        PrometheusText after = awaitGrowth(before, 1, e -> e.sum("gateway_connections_closed_total", "listener", "http"));
        assertThat(delta(before, after, "gateway_connections_opened_total", "listener", "http")).isEqualTo(1);
        assertThat(delta(before, after, "gateway_connections_closed_total", "listener", "http")).isEqualTo(1);
        assertThat(delta(before, after, "gateway_connections_active", "listener", "http")).isZero();
        assertThat(delta(before, after, "gateway_connection_duration_seconds_count", "listener", "http")).isEqualTo(1);
    }

    @Test
    void a_request_an_origin_holds_is_in_flight_its_wait_is_upstream_time_and_zuuls_throttle_is_rate_limit() throws Exception {
        PrometheusText before = scrape();
        String[] slow = {"service", "slow-api", "route", "slow-api"};
        CompletableFuture<HttpResponse<String>> held = CLIENT.sendAsync(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + zuulPort + "/slow/hold")).build(),
                HttpResponse.BodyHandlers.ofString());
        await().atMost(RECORDED).until(() -> upstream.held() == 1);
        assertThat(scrape().sum("gateway_requests_in_flight")).isEqualTo(1);

        HttpResponse<String> refused = get("/slow/another");
        assertThat(refused.statusCode()).isEqualTo(503);
        PrometheusText throttled = awaitGrowth(before, 1, e -> e.sum("gateway_requests_total", slow));
        assertThat(delta(before, throttled, "gateway_requests_total", "service", "slow-api", "route", "slow-api",
                "status", "503", "source", "rate_limit")).isEqualTo(1);
        assertThat(delta(before, throttled, "gateway_requests_rate_limited_total", slow)).isEqualTo(1);
        assertThat(delta(before, throttled, "gateway_upstream_duration_seconds_count", slow)).isZero();
        // Zuul closes the connection of a refused request
        awaitGrowth(before, 1, e -> e.sum("gateway_connections_closed_total", "listener", "http"));

        long heldSince = upstream.heldSince();
        // the origin holds the request at least this long, whatever the machine's load
        await().atMost(RECORDED).until(() -> System.nanoTime() - heldSince >= 50_000_000L);
        long heldFor = System.nanoTime() - heldSince;
        upstream.release();
        assertThat(held.get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(200);

        PrometheusText after = awaitGrowth(before, 2, e -> e.sum("gateway_requests_total", slow));
        assertThat(delta(before, after, "gateway_requests_total", "service", "slow-api", "route", "slow-api",
                "status", "200", "source", "upstream")).isEqualTo(1);
        double upstreamSeconds = delta(before, after, "gateway_upstream_duration_seconds_sum", slow);
        assertThat(upstreamSeconds).isGreaterThanOrEqualTo(heldFor / 1e9);
        assertThat(delta(before, after, "gateway_request_duration_seconds_sum", slow)).isGreaterThanOrEqualTo(upstreamSeconds);
        await().atMost(RECORDED).until(() -> scrape().sum("gateway_requests_in_flight") == 0);
        System.out.printf("held request: origin held it %.1f ms, upstream time %.1f ms%n", heldFor / 1e6, upstreamSeconds * 1e3);
    }

    @Test
    void zuuls_own_metrics_keep_counting_beside_gatewatch() throws Exception {
        Registry registry = injector.getInstance(Registry.class);
        Counter zuulConnections = registry.counter("server.connections.connect", "id", "http-main");
        long zuulBefore = zuulConnections.count();
        PrometheusText before = scrape();
        try (KeepAliveConnection connection = new KeepAliveConnection(zuulPort)) {
            assertThat(connection.get("/api/own-metrics").status()).isEqualTo(200);
        }
        PrometheusText after = awaitGrowth(before, 1, e -> e.sum("gateway_connections_closed_total", "listener", "http"));
        assertThat(zuulConnections.count() - zuulBefore).isEqualTo(1);
        assertThat(delta(before, after, "gateway_connections_opened_total", "listener", "http")).isEqualTo(1);
    }

    @Test
    void a_client_that_leaves_before_any_answer_is_counted_once_with_499() throws Exception {
        PrometheusText before = scrape();
        String[] users = {"service", "users-api", "route", "users-api"};
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), zuulPort)) {
            socket.getOutputStream().write("GET /api/hold HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            await().atMost(RECORDED).until(() -> upstream.held() == 1);
        }
        PrometheusText left = awaitGrowth(before, 1, e -> e.sum("gateway_requests_total", users));
        assertThat(delta(before, left, "gateway_requests_total", "service", "users-api", "route", "users-api",
                "method", "GET", "status", "499", "source", "gateway")).isEqualTo(1);
        assertThat(delta(before, left, "gateway_response_bytes_total", users)).isZero();
        upstream.release();
        await().atMost(RECORDED).until(() -> upstream.held() == 0 && scrape().sum("gateway_requests_in_flight") == 0);
        assertThat(delta(before, scrape(), "gateway_requests_total", users)).isEqualTo(1);
    }

    @Test
    void a_sampled_traceparent_becomes_the_latencies_exemplar_and_an_unsampled_one_does_not() throws Exception {
        String unsampled = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-00";
        String sampled = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
        for (String traceparent : new String[] {unsampled, sampled}) {
            HttpResponse<String> response = CLIENT.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + zuulPort + "/orders/traced"))
                    .header("traceparent", traceparent).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).isEqualTo(200);
        }
        String exemplar = "# {span_id=\"00f067aa0ba902b7\",trace_id=\"4bf92f3577b34da6a3ce929d0e0e4736\"}";
        await().atMost(RECORDED).untilAsserted(() -> {
            HttpResponse<String> metrics = CLIENT.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + statusPort + "/metrics"))
                    .header("Accept", "application/openmetrics-text; version=1.0.0").build(), HttpResponse.BodyHandlers.ofString());
            for (String histogram : new String[] {"gateway_request_duration_seconds_bucket",
                    "gateway_upstream_duration_seconds_bucket", "gateway_overhead_duration_seconds_bucket"}) {
                assertThat(metrics.body().lines().filter(l -> l.startsWith(histogram) && l.contains("route=\"orders-api\"")
                        && l.contains(exemplar))).as(histogram).isNotEmpty();
            }
            assertThat(metrics.body()).doesNotContain("0af7651916cd43dd8448eb211c80319c");
        });
    }

    @Test
    void a_connection_over_zuuls_limit_is_counted_rejected_not_opened() throws Exception {
        // Zuul's limit counts every connection of the process, the other tests' idle keep-alive
        // ones included: allow exactly one more
        PrometheusText before = scrape();
        long open = Math.round(before.sum("gateway_connections_active", "listener", "http"));
        ConfigurationManager.getConfigInstance().setProperty("server.limited.connection.max", String.valueOf(open + 1));
        int limitedPort = zuul.start("limited", 0);
        try (KeepAliveConnection first = new KeepAliveConnection(limitedPort)) {
            assertThat(first.get("/api/limited").status()).isEqualTo(200);
            try (KeepAliveConnection second = new KeepAliveConnection(limitedPort)) {
                PrometheusText refused = awaitGrowth(before, 1, e -> e.sum("gateway_connections_rejected_total", "listener", "http"));
                assertThat(delta(before, refused, "gateway_connections_rejected_total", "listener", "http")).isEqualTo(1);
                assertThat(delta(before, refused, "gateway_connections_opened_total", "listener", "http")).isEqualTo(1);
                assertThat(delta(before, refused, "gateway_connections_active", "listener", "http")).isEqualTo(1);
            }
        }
        PrometheusText after = awaitGrowth(before, 1, e -> e.sum("gateway_connections_closed_total", "listener", "http"));
        assertThat(delta(before, after, "gateway_connections_closed_total", "listener", "http")).isEqualTo(1);
        assertThat(delta(before, after, "gateway_connections_active", "listener", "http")).isZero();
    }

    private static double delta(PrometheusText before, PrometheusText after, String name, String... labels) {
        return after.sum(name, labels) - before.sum(name, labels);
    }
}
