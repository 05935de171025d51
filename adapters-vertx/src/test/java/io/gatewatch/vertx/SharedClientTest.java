package io.gatewatch.vertx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.gatewatch.Gatewatch;
import io.gatewatch.testing.Ports;
import io.gatewatch.testing.prometheus.PrometheusText;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VerticleBase;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpClient;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.proxy.handler.ProxyHandler;
import io.vertx.httpproxy.HttpProxy;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Test;

/**
 * The application starts gatewatch itself and hands it to Vert.x; its proxy runs as four verticle
 * instances on four event loops that share one HTTP client, so a request may be sent on an upstream
 * connection another event loop opened. Every request must still count once, as answered by the
 * upstream, under its route.
 */
class SharedClientTest {
    private static final int REQUESTS = 200;
    private static final int CLIENTS = 8;

    @Test
    void requests_on_every_event_loop_count_once_as_answered_by_the_upstream() throws Exception {
        int statusPort = Ports.free();
        Config config = ConfigFactory.parseString("""
                gatewatch.status { host = "127.0.0.1", port = %d, drain-delay = 0s }
                gatewatch.shutdown-hook = false
                gatewatch.vertx.services { "/api/*" = inventory }
                """.formatted(statusPort), com.typesafe.config.ConfigParseOptions.defaults().setOriginDescription("test config"));
        Vertx upstreamVertx = Vertx.vertx();
        try (Gatewatch gatewatch = Gatewatch.start(config)) {
            int upstreamPort = upstreamVertx.createHttpServer().requestHandler(r -> r.response().end("item " + r.path()))
                    .listen(0, "127.0.0.1").await().actualPort();
            Vertx proxyVertx = Vertx.builder().with(new VertxOptions().setEventLoopPoolSize(4))
                    .withMetrics(new GatewatchMetricsFactory(gatewatch, config)).build();
            try {
                HttpClient shared = proxyVertx.createHttpClient();
                int proxyPort = Ports.free();
                proxyVertx.deployVerticle(() -> new ProxyVerticle(shared, upstreamPort, proxyPort),
                        new DeploymentOptions().setInstances(4)).await(20, TimeUnit.SECONDS);

                List<CompletableFuture<Void>> clients = new ArrayList<>();
                for (int c = 0; c < CLIENTS; c++) {
                    clients.add(CompletableFuture.runAsync(() -> sendAll(proxyPort, REQUESTS / CLIENTS)));
                }
                CompletableFuture.allOf(clients.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);

                java.net.http.HttpClient reader = java.net.http.HttpClient.newHttpClient();
                String[] api = {"service", "inventory", "route", "/api/"};
                PrometheusText[] last = new PrometheusText[1];
                try {
                    await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50)).until(() -> {
                        last[0] = new PrometheusText(reader.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + statusPort + "/metrics")).build(),
                                HttpResponse.BodyHandlers.ofString()).body());
                        return last[0].sum("gateway_requests_total", api) >= REQUESTS;
                    });
                } catch (ConditionTimeoutException e) {
                    throw new AssertionError("recorded:\n" + (last[0] == null ? "nothing" : last[0].lines("gateway_requests_total")), e);
                }
                PrometheusText m = last[0];
                assertThat(m.sum("gateway_requests_total", api)).as(m.lines("gateway_requests_total")).isEqualTo(REQUESTS);
                assertThat(m.sum("gateway_requests_total", "service", "inventory", "route", "/api/", "status", "200", "source", "upstream"))
                        .as(m.lines("gateway_requests_total")).isEqualTo(REQUESTS);
                assertThat(m.sum("gateway_upstream_duration_seconds_count", api)).isEqualTo(REQUESTS);
                assertThat(m.sum("gateway_requests_in_flight")).isZero();
            } finally {
                proxyVertx.close().await(20, TimeUnit.SECONDS);
            }
            // closing Vert.x leaves the application's gatewatch running: its status listener still answers
            HttpResponse<String> after = java.net.http.HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + statusPort + "/metrics")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(after.statusCode()).isEqualTo(200);
        } finally {
            upstreamVertx.close().await(20, TimeUnit.SECONDS);
        }
    }

    private static void sendAll(int port, int count) {
        java.net.http.HttpClient client = java.net.http.HttpClient.newBuilder().version(java.net.http.HttpClient.Version.HTTP_1_1).build();
        try {
            for (int i = 0; i < count; i++) {
                HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/" + i))
                        .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
                assertThat(r.statusCode()).isEqualTo(200);
                assertThat(r.body()).isEqualTo("item /api/" + i);
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** One instance per event loop, all listening on one port and proxying through one shared client. */
    private static final class ProxyVerticle extends VerticleBase {
        private final HttpClient client;
        private final int upstreamPort;
        private final int port;

        ProxyVerticle(HttpClient client, int upstreamPort, int port) {
            this.client = client;
            this.upstreamPort = upstreamPort;
            this.port = port;
        }

        @Override
        public Future<?> start() {
            Router router = Router.router(vertx);
            router.route("/api/*").handler(ProxyHandler.create(HttpProxy.reverseProxy(client).origin(upstreamPort, "127.0.0.1")));
            return vertx.createHttpServer().requestHandler(router).listen(port, "127.0.0.1");
        }
    }
}
