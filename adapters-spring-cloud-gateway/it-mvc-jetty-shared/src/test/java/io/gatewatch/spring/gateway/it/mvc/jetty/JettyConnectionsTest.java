package io.gatewatch.spring.gateway.it.mvc.jetty;

import static io.gatewatch.spring.gateway.it.GatewayHarness.labels;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.gatewatch.spring.gateway.it.GatewayHarness;
import io.gatewatch.spring.gateway.it.KeepAliveConnection;
import io.gatewatch.testing.gateway.Upstream;
import io.gatewatch.testing.prometheus.PrometheusText;
import java.io.IOException;
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
 * Jetty's connections under listener "http", in an application of their own: no other test's
 * pooled connection is open on its Jetty, so every count is exact, active included.
 */
@SpringBootTest(classes = TestJettyMvcGateway.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class JettyConnectionsTest {
    static final Upstream UPSTREAM = new Upstream();
    static final int STATUS_PORT = GatewayHarness.freePort();
    static final int REQUESTS = 5;

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
    void keep_alive_requests_on_one_connection_count_one_connection_and_its_close_with_its_lifetime() throws IOException {
        assertThat(JettyPorts.of(context)).containsExactly(port);
        Map<String, String> http = labels("listener", "http");
        PrometheusText before = GatewayHarness.metrics(STATUS_PORT);
        assertThat(before.sum("gateway_connections_opened_total", http)).isZero();
        long firstAnswered = 0;
        long heldNanos;
        try (KeepAliveConnection connection = new KeepAliveConnection(port)) {
            for (int i = 0; i < REQUESTS; i++) {
                assertThat(connection.get("/limited/" + i)).isEqualTo(200);
                if (i == 0) {
                    firstAnswered = System.nanoTime();
                }
            }
            PrometheusText during = GatewayHarness.metrics(STATUS_PORT);
            assertThat(during.sum("gateway_connections_opened_total", http)).isEqualTo(1);
            assertThat(during.sum("gateway_connections_active", http)).isEqualTo(1);
            assertThat(during.sum("gateway_connections_closed_total", http)).isZero();
            heldNanos = System.nanoTime() - firstAnswered;
        }
        // the server took the socket before its first answer and closes it after the client did
        double heldSeconds = heldNanos / 1e9;
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            PrometheusText after = GatewayHarness.metrics(STATUS_PORT);
            assertThat(after.sum("gateway_connections_opened_total", http)).isEqualTo(1);
            assertThat(after.sum("gateway_connections_closed_total", http)).isEqualTo(1);
            assertThat(after.sum("gateway_connections_active", http)).isZero();
            assertThat(after.sum("gateway_connection_duration_seconds_count", http)).isEqualTo(1);
            assertThat(after.sum("gateway_connection_duration_seconds_sum", http)).isGreaterThanOrEqualTo(heldSeconds);
        });
        assertThat(GatewayHarness.metrics(STATUS_PORT).sum("gateway_requests_total",
                labels("route", "keepalive", "status", "200", "source", "upstream"))).isEqualTo(REQUESTS);
    }
}
