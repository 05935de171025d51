package io.gatewatch.exporter.prometheus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import io.gatewatch.Gatewatch;
import io.gatewatch.api.HttpMethod;
import io.gatewatch.api.ResponseSource;
import io.gatewatch.testing.Ports;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/** The plugin as a gateway gets it: discovered and started by {@link Gatewatch#start}. */
class GatewatchStartTest {
    private static final String QUIET = "shutdown-hook = false, status { drain-delay = 0s, host = \"127.0.0.1\", port = 0 }";

    private static com.typesafe.config.Config conf(String text) {
        return ConfigFactory.parseString(text, ConfigParseOptions.defaults().setOriginDescription("application.conf"));
    }

    @Test
    void ownPortServesMetricsAndClosesWithGatewatch() throws Exception {
        int port = Ports.free();
        URI uri = URI.create("http://127.0.0.1:" + port + "/prom");
        HttpClient client = HttpClient.newHttpClient();
        try (Gatewatch gatewatch = Gatewatch.start(conf("gatewatch { " + QUIET + ", metrics.prefix = edge, "
                + "exporters.prometheus { port = " + port + ", host = \"127.0.0.1\", path = \"/prom\" } }"))) {
            gatewatch.metrics().route("accounts", "get-user")
                    .record(HttpMethod.GET, 200, ResponseSource.UPSTREAM, 1_000_000L, 500_000L, 1, 2);
            HttpResponse<String> r = client.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(Exposition.parse(r.body()).value("edge_requests_total", "route", "get-user")).isEqualTo(1.0);
        }
        assertThatThrownBy(() -> client.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString()))
                .isInstanceOf(java.io.IOException.class);
    }

    @Test
    void aTypoAndABadValueAreReportedTogetherWithPathAndLine() {
        assertThatThrownBy(() -> Gatewatch.start(conf("""
                gatewatch {
                  shutdown-hook = false
                  exporters.prometheus {
                    prot = 9464
                    path = "metrics"
                  }
                }
                """)))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("application.conf:4: gatewatch.exporters.prometheus.prot: unknown setting")
                .hasMessageContaining("application.conf:5: gatewatch.exporters.prometheus.path: must be an absolute URL path")
                .satisfies(e -> assertThat(e.getMessage().split("prot", -1)).as("the typo is named once").hasSize(2));
    }
}
