package io.gatewatch.spring.gateway.it.mvc;

import static io.gatewatch.spring.gateway.it.GatewayHarness.with;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.gatewatch.spring.gateway.it.GatewayHarness;
import io.gatewatch.spring.gateway.it.KeepAliveConnection;
import io.gatewatch.testing.gateway.Upstream;
import io.gatewatch.testing.prometheus.PrometheusText;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Spring Cloud Gateway Server MVC on Tomcat with the adapter and no gatewatch code: the same
 * catalogue as on WebFlux, read from /metrics on the status listener. One context for every case.
 */
@SpringBootTest(classes = TestMvcGateway.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class MvcGatewayTest {
    static final Upstream UPSTREAM = new Upstream();
    static final int STATUS_PORT = GatewayHarness.freePort();
    static final Duration WAIT = Duration.ofSeconds(10);

    @LocalServerPort
    int port;

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
    void matched_requests_are_recorded_with_route_service_and_upstream_source() {
        for (int i = 0; i < 3; i++) {
            HttpResponse<byte[]> r = GatewayHarness.get(port, "/users/" + i);
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.body()).isEqualTo(Upstream.USER);
        }
        byte[] body = "{\"name\":\"grace\"}".getBytes(StandardCharsets.UTF_8);
        HttpResponse<byte[]> posted = GatewayHarness.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/users"))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).header("Content-Type", "application/json").build());
        assertThat(posted.statusCode()).isEqualTo(200);
        Map<String, String> users = GatewayHarness.labels("service", "users-api", "route", "users");
        await().atMost(WAIT).untilAsserted(() -> {
            PrometheusText m = GatewayHarness.metrics(STATUS_PORT);
            assertThat(m.sum("gateway_requests_total", with(users, "method", "GET", "status", "200", "source", "upstream")))
                    .isEqualTo(3);
            assertThat(m.sum("gateway_requests_total", with(users, "method", "POST", "status", "200", "source", "upstream")))
                    .isEqualTo(1);
            assertThat(m.sum("gateway_response_bytes_total", users)).isEqualTo(4.0 * Upstream.USER.length);
            assertThat(m.sum("gateway_request_bytes_total", users)).isEqualTo(body.length);
            assertThat(m.sum("gateway_upstream_duration_seconds_count", users)).isEqualTo(4);
        });
    }

    @Test
    void a_request_no_route_matched_is_recorded_as_no_route_with_its_error_page_bytes() {
        HttpResponse<byte[]> r = GatewayHarness.get(port, "/nowhere/at/all");
        assertThat(r.statusCode()).isEqualTo(404);
        await().atMost(WAIT).untilAsserted(() -> {
            PrometheusText m = GatewayHarness.metrics(STATUS_PORT);
            assertThat(m.sum("gateway_requests_total", GatewayHarness.labels("service", "gateway", "route", "no_route",
                    "method", "GET", "status", "404", "source", "no_route"))).isEqualTo(1);
            assertThat(m.sum("gateway_response_bytes_total", GatewayHarness.labels("service", "gateway", "route", "no_route")))
                    .isEqualTo(r.body().length).isPositive();
        });
    }

    @Test
    void an_unreachable_upstream_is_told_apart_from_an_upstream_answer() {
        HttpResponse<byte[]> r = GatewayHarness.get(port, "/down/1");
        assertThat(r.statusCode()).isGreaterThanOrEqualTo(500);
        Map<String, String> down = GatewayHarness.labels("service", "down-api", "route", "down");
        await().atMost(WAIT).untilAsserted(() -> {
            PrometheusText m = GatewayHarness.metrics(STATUS_PORT);
            assertThat(m.sum("gateway_requests_total", with(down, "source", "upstream_unreachable",
                    "status", String.valueOf(r.statusCode())))).isEqualTo(1);
            assertThat(m.sum("gateway_upstream_duration_seconds_count", down)).isEqualTo(1);
            assertThat(m.sum("gateway_response_bytes_total", down)).isEqualTo(r.body().length);
        });
    }

    @Test
    void spring_security_refusals_are_auth_authentications_are_attempts_and_the_principal_is_the_consumer() {
        assertThat(GatewayHarness.get(port, "/secure/data").statusCode()).isEqualTo(401);
        assertThat(GatewayHarness.get(port, "/secure/users", "Authorization", basic("ada:lovelace")).statusCode()).isEqualTo(404);
        assertThat(GatewayHarness.get(port, "/secure/users", "Authorization", basic("ada:babbage")).statusCode()).isEqualTo(401);
        await().atMost(WAIT).untilAsserted(() -> {
            PrometheusText m = GatewayHarness.metrics(STATUS_PORT);
            assertThat(m.sum("gateway_auth_attempts_total", GatewayHarness.labels("scheme", "password"))).isEqualTo(2);
            assertThat(m.sum("gateway_auth_failures_total", GatewayHarness.labels("scheme", "password",
                    "reason", "bad_credentials"))).isEqualTo(1);
            // refused before routing: no credentials, wrong credentials
            assertThat(m.sum("gateway_requests_total", GatewayHarness.labels("service", "gateway", "route", "unrouted",
                    "status", "401", "source", "auth"))).isEqualTo(2);
            // the upstream has no /secure: its own 404, counted for consumer ada
            assertThat(m.sum("gateway_requests_total", GatewayHarness.labels("route", "secured", "status", "404",
                    "source", "upstream", "consumer", "ada"))).isEqualTo(1);
        });
    }

    private static String basic(String userAndPassword) {
        return "Basic " + java.util.Base64.getEncoder().encodeToString(userAndPassword.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void a_server_sent_event_stream_is_timed_to_its_end_and_all_its_bytes_counted() {
        HttpResponse<byte[]> r = GatewayHarness.get(port, "/events/ticks");
        assertThat(r.statusCode()).isEqualTo(200);
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        for (int i = 0; i < Upstream.EVENTS; i++) {
            expected.writeBytes(Upstream.event(i));
        }
        assertThat(r.body()).isEqualTo(expected.toByteArray());
        Map<String, String> events = GatewayHarness.labels("service", "127.0.0.1", "route", "events");
        await().atMost(WAIT).untilAsserted(() -> {
            PrometheusText m = GatewayHarness.metrics(STATUS_PORT);
            assertThat(m.sum("gateway_requests_total", with(events, "status", "200", "source", "upstream"))).isEqualTo(1);
            assertThat(m.sum("gateway_response_bytes_total", events)).isEqualTo(expected.size());
            assertThat(m.sum("gateway_request_duration_seconds_sum", events)).isGreaterThanOrEqualTo(0.08);
        });
    }

    @Test
    void a_client_that_leaves_mid_response_is_counted_once() throws IOException {
        Map<String, String> hanging = GatewayHarness.labels("route", "hanging");
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.getOutputStream().write("GET /hanging/file HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            InputStream in = socket.getInputStream();
            assertThat(in.read()).isNotNegative();
        }
        // the servlet thread notices the client is gone only when it writes again: the upstream's end makes it write
        UPSTREAM.releaseHanging.countDown();
        await().atMost(WAIT).untilAsserted(() -> {
            PrometheusText m = GatewayHarness.metrics(STATUS_PORT);
            assertThat(m.sum("gateway_requests_total", hanging)).isEqualTo(1);
            assertThat(m.sum("gateway_requests_in_flight", Map.of())).isZero();
        });
        assertThat(GatewayHarness.metrics(STATUS_PORT).sum("gateway_requests_total", hanging)).isEqualTo(1);
    }

    @Test
    void a_keep_alive_connection_is_counted_once_and_its_close_with_its_lifetime() throws IOException {
        Map<String, String> http = GatewayHarness.labels("listener", "http");
        PrometheusText before = GatewayHarness.metrics(STATUS_PORT);
        double opened = before.sum("gateway_connections_opened_total", http);
        double closed = before.sum("gateway_connections_closed_total", http);
        double lifetimes = before.sum("gateway_connection_duration_seconds_sum", http);
        long firstAnswered = 0;
        long heldNanos;
        try (KeepAliveConnection connection = new KeepAliveConnection(port)) {
            for (int i = 0; i < 5; i++) {
                assertThat(connection.get("/limited/" + i)).isEqualTo(200);
                if (i == 0) {
                    firstAnswered = System.nanoTime();
                }
            }
            PrometheusText during = GatewayHarness.metrics(STATUS_PORT);
            assertThat(during.sum("gateway_connections_opened_total", http)).isEqualTo(opened + 1);
            assertThat(during.sum("gateway_connections_active", http)).isPositive();
            heldNanos = System.nanoTime() - firstAnswered;
        }
        // the server took the socket before its first answer and closes it after the client did
        double heldSeconds = heldNanos / 1e9;
        await().atMost(WAIT).untilAsserted(() -> {
            PrometheusText after = GatewayHarness.metrics(STATUS_PORT);
            // other tests' idle keep-alive connections may be closed meanwhile: at least this one
            assertThat(after.sum("gateway_connections_closed_total", http)).isGreaterThanOrEqualTo(closed + 1);
            assertThat(after.sum("gateway_connections_opened_total", http)).isEqualTo(opened + 1);
            assertThat(after.sum("gateway_connection_duration_seconds_count", http))
                    .isEqualTo(after.sum("gateway_connections_closed_total", http));
            assertThat(after.sum("gateway_connection_duration_seconds_sum", http) - lifetimes).isGreaterThanOrEqualTo(heldSeconds);
        });
        assertThat(GatewayHarness.metrics(STATUS_PORT).sum("gateway_requests_total",
                GatewayHarness.labels("route", "keepalive", "status", "200", "source", "upstream"))).isEqualTo(5);
    }
}
