package io.gatewatch.spring.gateway.example;

import static org.assertj.core.api.Assertions.assertThat;

import io.gatewatch.testing.Ports;
import io.gatewatch.testing.prometheus.PrometheusServer;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;

/** A real Prometheus scrapes the example application's status listener while --traffic runs. */
class ExamplePrometheusTest {

    @Test
    void prometheus_scrapes_the_example_and_sees_every_source(@TempDir Path dir) throws Exception {
        int statusPort = Ports.free();
        try (ConfigurableApplicationContext gateway = ExampleGateway.run("--server.port=0",
                "--gatewatch.status.host=127.0.0.1", "--gatewatch.status.port=" + statusPort, "--traffic");
             PrometheusServer prometheus = PrometheusServer.start(dir, """
                     global: { scrape_interval: 1s }
                     scrape_configs:
                       - job_name: scg-example
                         static_configs: [ { targets: [ "127.0.0.1:%d" ] } ]
                     """.formatted(statusPort))) {
            prometheus.awaitTargetsUp(1, Duration.ofSeconds(30));
            for (String source : new String[] {"upstream", "auth", "no_route"}) {
                prometheus.await(source + " requests in Prometheus", Duration.ofSeconds(30), () ->
                        prometheus.single("sum(gateway_requests_total{source=\"" + source + "\"})") > 0);
            }
            // the consumer the API-key filter named, and the service from the route's metadata
            assertThat(prometheus.single("sum(gateway_requests_total{service=\"users-api\",consumer=\"ada\"})")).isPositive();
            assertThat(prometheus.single("sum(gateway_connections_opened_total{listener=\"http\"})")).isPositive();
        }
    }
}
