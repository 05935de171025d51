package io.gatewatch.spring.gateway.it.mvc.jetty;

import static io.gatewatch.spring.gateway.it.GatewayHarness.labels;
import static io.gatewatch.spring.gateway.it.GatewayHarness.with;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.gatewatch.spring.gateway.it.GatewayHarness;
import io.gatewatch.testing.gateway.Upstream;
import io.gatewatch.testing.prometheus.PrometheusText;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Spring Cloud Gateway Server MVC on Jetty with the adapter and no gatewatch code: requests are
 * recorded as on Tomcat, read from /metrics on the status listener.
 */
@SpringBootTest(classes = TestJettyMvcGateway.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class JettyMvcGatewayTest {
    static final Upstream UPSTREAM = new Upstream();
    static final int STATUS_PORT = GatewayHarness.freePort();
    static final Duration WAIT = Duration.ofSeconds(10);

    @LocalServerPort
    int port;

    @Autowired
    ApplicationContext context;

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
    void the_gateway_port_is_jettys() {
        assertThat(JettyPorts.of(context)).containsExactly(port);
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
        assertThat(posted.body()).isEqualTo(Upstream.USER);
        Map<String, String> users = labels("service", "users-api", "route", "users");
        await().atMost(WAIT).untilAsserted(() -> {
            PrometheusText m = GatewayHarness.metrics(STATUS_PORT);
            assertThat(m.sum("gateway_requests_total", users)).isEqualTo(4);
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
        Map<String, String> noRoute = labels("service", "gateway", "route", "no_route");
        await().atMost(WAIT).untilAsserted(() -> {
            PrometheusText m = GatewayHarness.metrics(STATUS_PORT);
            assertThat(m.sum("gateway_requests_total", noRoute)).isEqualTo(1);
            assertThat(m.sum("gateway_requests_total", with(noRoute, "method", "GET", "status", "404", "source", "no_route")))
                    .isEqualTo(1);
            assertThat(m.sum("gateway_response_bytes_total", noRoute)).isEqualTo(r.body().length).isPositive();
        });
    }

    @Test
    void an_unreachable_upstream_is_told_apart_from_an_upstream_answer() {
        HttpResponse<byte[]> r = GatewayHarness.get(port, "/down/1");
        assertThat(r.statusCode()).isGreaterThanOrEqualTo(500);
        Map<String, String> down = labels("service", "down-api", "route", "down");
        await().atMost(WAIT).untilAsserted(() -> {
            PrometheusText m = GatewayHarness.metrics(STATUS_PORT);
            assertThat(m.sum("gateway_requests_total", down)).isEqualTo(1);
            assertThat(m.sum("gateway_requests_total", with(down, "method", "GET", "source", "upstream_unreachable",
                    "status", String.valueOf(r.statusCode())))).isEqualTo(1);
            assertThat(m.sum("gateway_upstream_duration_seconds_count", down)).isEqualTo(1);
            assertThat(m.sum("gateway_response_bytes_total", down)).isEqualTo(r.body().length);
        });
    }
}
