package io.gatewatch.spring.gateway.it;

import static io.gatewatch.spring.gateway.it.GatewayHarness.get;
import static io.gatewatch.spring.gateway.it.GatewayHarness.labels;
import static io.gatewatch.spring.gateway.it.GatewayHarness.metrics;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.gatewatch.Gatewatch;
import io.gatewatch.api.GatewayMetrics;
import io.gatewatch.api.Meters;
import io.gatewatch.testing.gateway.Upstream;
import io.gatewatch.testing.prometheus.PrometheusText;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A real Spring Cloud Gateway (WebFlux, Reactor Netty) with the adapter on its classpath and no
 * gatewatch code, real upstreams on loopback, a real keep-alive client, and the numbers read from
 * /metrics on gatewatch's status listener. One application context for every case; each case uses
 * its own route, so counts are exact.
 */
@SpringBootTest(classes = TestGateway.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class WebFluxGatewayTest {
    static final Upstream UPSTREAM = new Upstream();
    static final int STATUS_PORT = GatewayHarness.freePort();
    static final Duration WAIT = Duration.ofSeconds(10);

    @LocalServerPort
    int port;

    @Autowired
    Gatewatch gatewatch;

    @Autowired
    GatewayMetrics gatewayMetrics;

    @Autowired
    Meters meters;

    @Autowired
    MeterRegistry micrometer;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("upstream.url", UPSTREAM::url);
        registry.add("upstream.closed-port", Upstream::closedPort);
        registry.add("gatewatch.status.port", () -> STATUS_PORT);
    }

    @AfterAll
    static void stopUpstream() {
        UPSTREAM.close();
    }

    @Test
    void the_application_gets_gatewatch_beans_without_code() {
        assertThat(gatewayMetrics).isSameAs(gatewatch.metrics());
        assertThat(meters).isNotNull();
        assertThat(get(STATUS_PORT, "/health/live").statusCode()).isEqualTo(200);
        await().atMost(WAIT).until(() -> get(STATUS_PORT, "/health/ready").statusCode() == 200);
    }

    @Test
    void matched_requests_are_recorded_with_route_service_and_upstream_source() {
        for (int i = 0; i < 3; i++) {
            HttpResponse<byte[]> r = get(port, "/users/" + i);
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.body()).isEqualTo(Upstream.USER);
        }
        byte[] body = "{\"name\":\"grace\"}".getBytes(StandardCharsets.UTF_8);
        HttpResponse<byte[]> posted = GatewayHarness.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/users"))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).header("Content-Type", "application/json").build());
        assertThat(posted.statusCode()).isEqualTo(200);

        Map<String, String> users = labels("service", "users-api", "route", "users");
        await().atMost(WAIT).untilAsserted(() -> {
            PrometheusText m = metrics(STATUS_PORT);
            assertThat(m.sum("gateway_requests_total", with(users, "method", "GET", "status", "200", "source", "upstream")))
                    .isEqualTo(3);
            assertThat(m.sum("gateway_requests_total", with(users, "method", "POST", "status", "200", "source", "upstream")))
                    .isEqualTo(1);
            assertThat(m.sum("gateway_response_bytes_total", users)).isEqualTo(4.0 * Upstream.USER.length);
            assertThat(m.sum("gateway_request_bytes_total", users)).isEqualTo(body.length);
            assertThat(m.sum("gateway_upstream_duration_seconds_count", users)).isEqualTo(4);
            assertThat(m.sum("gateway_overhead_duration_seconds_count", users)).isEqualTo(4);
            assertThat(m.sum("gateway_request_duration_seconds_count", users)).isEqualTo(4);
        });
    }

    @Test
    void a_sampled_traceparent_becomes_the_latencies_exemplar_and_an_unsampled_one_does_not() {
        String unsampled = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-00";
        String sampled = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
        assertThat(get(port, "/traced/1", "traceparent", unsampled).statusCode()).isEqualTo(200);
        assertThat(get(port, "/traced/2", "traceparent", sampled).statusCode()).isEqualTo(200);

        String exemplar = "# {span_id=\"00f067aa0ba902b7\",trace_id=\"4bf92f3577b34da6a3ce929d0e0e4736\"}";
        await().atMost(WAIT).untilAsserted(() -> {
            HttpResponse<byte[]> r = get(STATUS_PORT, "/metrics", "Accept", "application/openmetrics-text; version=1.0.0");
            assertThat(r.statusCode()).isEqualTo(200);
            String text = new String(r.body(), StandardCharsets.UTF_8);
            for (String histogram : new String[] {"gateway_request_duration_seconds_bucket",
                    "gateway_upstream_duration_seconds_bucket", "gateway_overhead_duration_seconds_bucket"}) {
                assertThat(text.lines().filter(l -> l.startsWith(histogram) && l.contains("route=\"traced\"")
                        && l.contains(exemplar))).as(histogram).isNotEmpty();
            }
            assertThat(text).doesNotContain("0af7651916cd43dd8448eb211c80319c");
        });
    }

    @Test
    void a_request_no_route_matched_is_recorded_as_no_route() {
        HttpResponse<byte[]> r = get(port, "/nowhere/at/all");
        assertThat(r.statusCode()).isEqualTo(404);
        HttpResponse<byte[]> other = get(port, "/nowhere/else");
        await().atMost(WAIT).untilAsserted(() -> {
            PrometheusText m = metrics(STATUS_PORT);
            assertThat(m.sum("gateway_requests_total", labels("service", "gateway", "route", "no_route",
                    "method", "GET", "status", "404", "source", "no_route"))).isEqualTo(2);
            // the error handler's page is what the client got: its bytes are counted
            assertThat(m.sum("gateway_response_bytes_total", labels("service", "gateway", "route", "no_route")))
                    .isEqualTo(r.body().length + other.body().length).isPositive();
        });
    }

    @Test
    void an_unreachable_upstream_is_told_apart_from_an_upstream_answer() {
        HttpResponse<byte[]> r = get(port, "/down/1");
        assertThat(r.statusCode()).isGreaterThanOrEqualTo(500);
        get(port, "/down/2");
        Map<String, String> down = labels("service", "down-api", "route", "down");
        await().atMost(WAIT).untilAsserted(() -> {
            PrometheusText m = metrics(STATUS_PORT);
            assertThat(m.sum("gateway_requests_total", with(down, "source", "upstream_unreachable",
                    "status", String.valueOf(r.statusCode())))).isEqualTo(2);
            assertThat(m.sum("gateway_requests_total", with(down, "source", "upstream"))).isZero();
            // the attempt's time is upstream time
            assertThat(m.sum("gateway_upstream_duration_seconds_count", down)).isEqualTo(2);
        });
    }

    @Test
    void a_rate_limiter_refusal_is_recorded_as_rate_limit() {
        assertThat(get(port, "/limited/a", "X-Client", "greedy").statusCode()).isEqualTo(429);
        assertThat(get(port, "/limited/b", "X-Client", "greedy").statusCode()).isEqualTo(429);
        assertThat(get(port, "/limited/c", "X-Client", "modest").statusCode()).isEqualTo(200);
        Map<String, String> limited = labels("service", "limited-api", "route", "limited");
        await().atMost(WAIT).untilAsserted(() -> {
            PrometheusText m = metrics(STATUS_PORT);
            assertThat(m.sum("gateway_requests_total", with(limited, "status", "429", "source", "rate_limit"))).isEqualTo(2);
            assertThat(m.sum("gateway_requests_rate_limited_total", limited)).isEqualTo(2);
            assertThat(m.sum("gateway_requests_total", with(limited, "status", "200", "source", "upstream"))).isEqualTo(1);
            assertThat(m.sum("gateway_upstream_duration_seconds_count", limited)).isEqualTo(1);
        });
    }

    @Test
    void a_request_spring_security_refused_before_routing_is_recorded_as_auth() {
        assertThat(get(port, "/secure/data").statusCode()).isEqualTo(401);
        String basic = java.util.Base64.getEncoder().encodeToString("ada:lovelace".getBytes(StandardCharsets.UTF_8));
        HttpResponse<byte[]> allowed = get(port, "/secure/users", "Authorization", "Basic " + basic);
        assertThat(allowed.statusCode()).isEqualTo(404);   // the upstream has no /secure: its own 404
        await().atMost(WAIT).untilAsserted(() -> {
            PrometheusText m = metrics(STATUS_PORT);
            assertThat(m.sum("gateway_requests_total", labels("service", "gateway", "route", "unrouted",
                    "status", "401", "source", "auth"))).isEqualTo(1);
            // the authenticated principal is the consumer
            assertThat(m.sum("gateway_requests_total", labels("route", "secured", "status", "404", "source", "upstream",
                    "consumer", "ada"))).isEqualTo(1);
        });
    }

    @Test
    void a_server_sent_event_stream_is_timed_to_its_end_and_all_its_bytes_counted() {
        HttpResponse<byte[]> r = get(port, "/events/ticks");
        assertThat(r.statusCode()).isEqualTo(200);
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        for (int i = 0; i < Upstream.EVENTS; i++) {
            expected.writeBytes(Upstream.event(i));
        }
        assertThat(r.body()).isEqualTo(expected.toByteArray());
        Map<String, String> events = labels("service", "127.0.0.1", "route", "events");
        await().atMost(WAIT).untilAsserted(() -> {
            PrometheusText m = metrics(STATUS_PORT);
            assertThat(m.sum("gateway_requests_total", with(events, "status", "200", "source", "upstream"))).isEqualTo(1);
            assertThat(m.sum("gateway_response_bytes_total", events)).isEqualTo(expected.size());
            // five events 20 ms apart: a timer stopped at the first event would show well under 80 ms
            assertThat(m.sum("gateway_request_duration_seconds_sum", events)).isGreaterThanOrEqualTo(0.08);
        });
    }

    @Test
    void a_client_that_leaves_mid_response_is_counted_once() throws IOException {
        Map<String, String> hanging = labels("route", "hanging");
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.getOutputStream().write(("GET /hanging/file HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            InputStream in = socket.getInputStream();
            assertThat(in.read()).isNotNegative();   // the response has begun
        }
        await().atMost(WAIT).untilAsserted(() -> assertThat(
                metrics(STATUS_PORT).sum("gateway_requests_total", hanging)).isEqualTo(1));
        UPSTREAM.releaseHanging.countDown();
        await().atMost(WAIT).untilAsserted(() -> assertThat(
                metrics(STATUS_PORT).sum("gateway_requests_in_flight", Map.of())).isZero());
        assertThat(metrics(STATUS_PORT).sum("gateway_requests_total", hanging)).isEqualTo(1);
    }

    @Test
    void a_client_that_leaves_before_any_answer_is_counted_once_as_client_closed() throws Exception {
        Map<String, String> silent = labels("route", "silent");
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.getOutputStream().write(("GET /silent/x HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            assertThat(UPSTREAM.silentArrived.await(30, TimeUnit.SECONDS)).as("the request reached the upstream").isTrue();
        }
        await().atMost(WAIT).untilAsserted(() -> assertThat(
                metrics(STATUS_PORT).sum("gateway_requests_total", silent)).isEqualTo(1));
        UPSTREAM.releaseSilent.countDown();
        await().atMost(WAIT).untilAsserted(() -> assertThat(
                metrics(STATUS_PORT).sum("gateway_requests_in_flight", Map.of())).isZero());
        PrometheusText m = metrics(STATUS_PORT);
        assertThat(m.sum("gateway_requests_total", with(silent, "status", "499", "source", "gateway"))).isEqualTo(1);
        assertThat(m.sum("gateway_requests_total", silent)).isEqualTo(1);
        assertThat(m.sum("gateway_response_bytes_total", silent)).isZero();
    }

    @Test
    void a_keep_alive_connection_is_counted_once_with_its_lifetime() throws IOException {
        Map<String, String> http = labels("listener", "http");
        PrometheusText before = metrics(STATUS_PORT);
        double opened = before.sum("gateway_connections_opened_total", http);
        double closed = before.sum("gateway_connections_closed_total", http);
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            OutputStream out = socket.getOutputStream();
            InputStream in = socket.getInputStream();
            for (int i = 0; i < 3; i++) {
                out.write(("GET /users/" + i + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                out.flush();
                GatewayHarness.readResponse(in);
            }
            PrometheusText during = metrics(STATUS_PORT);
            assertThat(during.sum("gateway_connections_opened_total", http)).isEqualTo(opened + 1);
            assertThat(during.sum("gateway_connections_active", http)).isPositive();
        }
        await().atMost(WAIT).untilAsserted(() -> {
            PrometheusText after = metrics(STATUS_PORT);
            assertThat(after.sum("gateway_connections_closed_total", http)).isGreaterThanOrEqualTo(closed + 1);
            assertThat(after.sum("gateway_connections_opened_total", http)).isEqualTo(opened + 1);
            assertThat(after.sum("gateway_connection_duration_seconds_count", http))
                    .isEqualTo(after.sum("gateway_connections_closed_total", http));
        });
    }

    @Test
    void a_resilience4j_circuit_breaker_is_seen_opening() {
        for (int i = 0; i < 3; i++) {
            assertThat(get(port, "/guarded/" + i).statusCode()).isGreaterThanOrEqualTo(500);
        }
        Map<String, String> breaker = labels("upstream", "guardedBreaker");
        await().atMost(WAIT).untilAsserted(() -> {
            PrometheusText m = metrics(STATUS_PORT);
            assertThat(m.sum("gateway_circuit_breaker_state", with(breaker, "state", "open"))).isEqualTo(1);
            assertThat(m.sum("gateway_circuit_breaker_state", with(breaker, "state", "closed"))).isZero();
            assertThat(m.sum("gateway_circuit_breaker_transitions_total", with(breaker, "state", "open"))).isEqualTo(1);
            // two attempts reached for the upstream; the third the open breaker refused
            assertThat(m.sum("gateway_requests_total", labels("route", "guarded", "source", "upstream_unreachable")))
                    .isEqualTo(2);
            assertThat(m.sum("gateway_requests_total", labels("route", "guarded"))).isEqualTo(3);
        });
    }

    @Test
    void the_local_response_cache_counts_hits_and_misses_and_a_hit_is_answered_by_the_gateway() {
        for (int i = 0; i < 3; i++) {
            HttpResponse<byte[]> r = get(port, "/cached/item");
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.body()).isEqualTo(Upstream.USER);
        }
        await().atMost(WAIT).untilAsserted(() -> {
            PrometheusText m = metrics(STATUS_PORT);
            assertThat(m.sum("gateway_cache_misses_total", labels("cache", "cached"))).isEqualTo(1);
            assertThat(m.sum("gateway_cache_hits_total", labels("cache", "cached"))).isEqualTo(2);
            assertThat(m.sum("gateway_requests_total", labels("route", "cached", "source", "upstream"))).isEqualTo(1);
            assertThat(m.sum("gateway_requests_total", labels("route", "cached", "source", "gateway"))).isEqualTo(2);
            // a cached answer's bytes are counted like any other
            assertThat(m.sum("gateway_response_bytes_total", labels("route", "cached"))).isEqualTo(3.0 * Upstream.USER.length);
            // routes without the cache filter keep no cache counters
            assertThat(m.sum("gateway_cache_misses_total", labels("cache", "users"))).isZero();
        });
    }

    @Test
    void spring_cloud_gateways_own_metric_is_still_recorded() {
        assertThat(get(port, "/users/7").statusCode()).isEqualTo(200);
        await().atMost(WAIT).untilAsserted(() ->
                assertThat(micrometer.find("spring.cloud.gateway.requests").tag("routeId", "users").timers()).isNotEmpty());
    }

    private static Map<String, String> with(Map<String, String> base, String... kv) {
        Map<String, String> m = new java.util.LinkedHashMap<>(base);
        m.putAll(labels(kv));
        return m;
    }
}
