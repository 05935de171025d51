package io.gatewatch.spring.gateway.it;

import static io.gatewatch.spring.gateway.it.GatewayHarness.get;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.gatewatch.testing.gateway.Upstream;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/** Whole applications started and stopped the way a user's are: by SpringApplication. */
class StartupAndShutdownTest {

    @Test
    void a_typo_or_a_wrong_type_in_application_yml_fails_start_up_naming_the_key_and_its_line() {
        try (Upstream upstream = new Upstream()) {
            assertThatThrownBy(() -> application(upstream, GatewayHarness.freePort()).profiles("typo").run())
                    .rootCause()
                    .hasMessageContaining("application-typo.yml:4")
                    .hasMessageContaining("gatewatch.status.prot")
                    .hasMessageContaining("application-typo.yml:6")
                    .hasMessageContaining("gatewatch.metrics.max-series-per-metric");
        }
    }

    @Test
    void on_shutdown_readiness_turns_503_first_then_the_drain_then_in_flight_requests_finish() throws Exception {
        int statusPort = GatewayHarness.freePort();
        try (Upstream upstream = new Upstream()) {
            // arguments, so that they win over application.yml as they would on a command line
            ConfigurableApplicationContext context = application(upstream, statusPort)
                    .run("--gatewatch.status.drain-delay=4s", "--server.shutdown=graceful");
            int port = Integer.parseInt(context.getEnvironment().getProperty("local.server.port"));
            await().atMost(Duration.ofSeconds(10)).until(() -> get(statusPort, "/health/ready").statusCode() == 200);

            CompletableFuture<HttpResponse<byte[]>> inFlight = GatewayHarness.CLIENT.sendAsync(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/hanging/file")).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            await().atMost(Duration.ofSeconds(10)).until(() ->
                    GatewayHarness.metrics(statusPort).sum("gateway_requests_in_flight", java.util.Map.of()) == 1);

            Thread closer = new Thread(context::close, "close-application");
            closer.start();
            await().atMost(Duration.ofSeconds(3)).until(() -> get(statusPort, "/health/ready").statusCode() == 503);
            // draining: readiness is down, yet the gateway still accepts new connections and serves them
            HttpResponse<String> duringDrain = java.net.http.HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/users/1")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(duringDrain.statusCode()).isEqualTo(200);
            assertThat(inFlight).isNotDone();

            // after the drain Spring's graceful shutdown begins: new connections are refused, the request in flight goes on
            await().atMost(Duration.ofSeconds(15)).until(() -> refused(port));
            assertThat(inFlight).isNotDone();
            assertThat(get(statusPort, "/health/ready").statusCode()).isEqualTo(503);
            upstream.releaseHanging.countDown();
            HttpResponse<byte[]> finished = inFlight.get(30, java.util.concurrent.TimeUnit.SECONDS);
            assertThat(finished.statusCode()).isEqualTo(200);
            assertThat(finished.body()).hasSize(Upstream.HANGING_PREFIX);
            closer.join(Duration.ofSeconds(30).toMillis());
            assertThat(closer.isAlive()).isFalse();
            assertThatThrownBy(() -> get(statusPort, "/health/live")).hasCauseInstanceOf(ConnectException.class);
        }
    }

    private static boolean refused(int port) {
        try (java.net.Socket s = new java.net.Socket(java.net.InetAddress.getLoopbackAddress(), port)) {
            return false;
        } catch (java.io.IOException e) {
            return true;
        }
    }

    private static SpringApplicationBuilder application(Upstream upstream, int statusPort) {
        return new SpringApplicationBuilder(TestGateway.class).properties(
                "server.port=0",
                "upstream.url=" + upstream.url(),
                "upstream.closed-port=" + Upstream.closedPort(),
                "gatewatch.status.port=" + statusPort);
    }
}
