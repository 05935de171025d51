package io.gatewatch.servlet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.typesafe.config.ConfigFactory;
import io.gatewatch.testing.gateway.Upstream;
import io.gatewatch.testing.prometheus.PrometheusText;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.apache.catalina.Context;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.startup.Tomcat;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The web.xml route: the listener declared by class name, as web.xml declares it, starts gatewatch
 * from its default configuration (here system properties), installs the filter and closes
 * gatewatch when the application stops.
 */
class GatewatchListenerTest {
    private static final Map<String, String> SETTINGS = Map.of(
            "gatewatch.shutdown-hook", "false",
            "gatewatch.metrics.jvm", "false",
            "gatewatch.status.host", "127.0.0.1",
            "gatewatch.status.drain-delay", "0s");
    private final HttpClient client = HttpClient.newHttpClient();

    @AfterEach
    void clearSettings() {
        SETTINGS.keySet().forEach(System::clearProperty);
        System.clearProperty("gatewatch.status.port");
        ConfigFactory.invalidateCaches();
    }

    @Test
    void the_listener_declared_by_name_records_requests_and_closes_gatewatch_with_the_application() throws Exception {
        int statusPort = ServletGatewayScenarios.freePort();
        SETTINGS.forEach(System::setProperty);
        System.setProperty("gatewatch.status.port", String.valueOf(statusPort));
        ConfigFactory.invalidateCaches();
        try (Upstream upstream = new Upstream()) {
            Path base = Files.createTempDirectory("tomcat");
            Tomcat tomcat = new Tomcat();
            tomcat.setBaseDir(base.toString());
            Connector http = new Connector();
            http.setPort(0);
            http.setProperty("address", "127.0.0.1");
            tomcat.setConnector(http);
            Context context = tomcat.addContext("", base.toString());
            context.addApplicationListener(GatewatchListener.class.getName());
            Tomcat.addServlet(context, "proxy", new ProxyServlet(upstream.url(), Upstream.closedPort()));
            context.addServletMappingDecoded("/*", "proxy");
            tomcat.start();
            try {
                HttpResponse<byte[]> r = client.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + http.getLocalPort() + "/users/1")).build(),
                        HttpResponse.BodyHandlers.ofByteArray());
                assertThat(r.body()).isEqualTo(Upstream.USER);
                await().atMost(ServletGatewayScenarios.WAIT).untilAsserted(() ->
                        assertThat(metrics(statusPort).sum("gateway_requests_total", Map.of("route", "users",
                                "status", "200", "source", "upstream"))).isEqualTo(1));
            } finally {
                tomcat.stop();
                tomcat.destroy();
            }
            assertThatThrownBy(() -> metrics(statusPort)).isInstanceOf(ConnectException.class);
        }
    }

    private PrometheusText metrics(int statusPort) throws IOException, InterruptedException {
        HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + statusPort + "/metrics"))
                .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        return new PrometheusText(r.body());
    }
}
