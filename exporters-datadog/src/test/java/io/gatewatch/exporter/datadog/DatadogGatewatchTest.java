package io.gatewatch.exporter.datadog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.gatewatch.Gatewatch;
import io.gatewatch.api.HealthStatus;
import io.gatewatch.api.HealthView;
import io.gatewatch.api.HttpMethod;
import io.gatewatch.api.Probe;
import io.gatewatch.api.ResponseSource;
import io.gatewatch.api.RouteMetrics;
import io.gatewatch.testing.datadog.FakeIntake;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The plugin as a gateway gets it: found by ServiceLoader, configured in HOCON, run by core's schedule. */
class DatadogGatewatchTest {
    @RegisterExtension
    static final LogCapture LOGS = new LogCapture();

    private FakeIntake intake;
    private Gatewatch gatewatch;

    @BeforeEach
    void start() throws Exception {
        intake = new FakeIntake(TestKeys.API_KEY);
    }

    @AfterEach
    void stop() {
        if (gatewatch != null) {
            gatewatch.close();
        }
        intake.close();
    }

    private Gatewatch startGatewatch() {
        Config config = ConfigFactory.parseString("""
                gatewatch {
                  node-id = "node-1"
                  shutdown-hook = false
                  status.drain-delay = 0s
                  metrics.jvm = false
                  exporters.datadog {
                    enabled = true
                    api-key = "%s"
                    uri = "%s"
                    interval = 1s
                    connect-timeout = 500ms
                    read-timeout = 1s
                  }
                }
                """.formatted(TestKeys.API_KEY, intake.baseUrl()));
        gatewatch = Gatewatch.start(config);
        return gatewatch;
    }

    private double received(String metric) {
        return intake.acceptedSeries().stream().filter(s -> s.path("metric").asText().equals(metric))
                .mapToDouble(s -> s.path("points").get(0).path("value").asDouble()).sum();
    }

    private static void eventually(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(20);
        }
    }

    private static HealthStatus status(HealthView health, String component) {
        return health.components().stream().filter(c -> c.name().equals(component)).map(HealthView.ComponentHealth::status)
                .findFirst().orElse(null);
    }

    @Test
    void deliversEveryRecordedRequestAcrossAnOutageAndShutdown() throws Exception {
        startGatewatch();
        RouteMetrics route = gatewatch.metrics().route("accounts", "get-user");
        for (int i = 0; i < 5; i++) {
            route.record(HttpMethod.GET, 200, ResponseSource.UPSTREAM, 3_000_000L, 2_000_000L, 100, 2000);
        }
        eventually("the first requests at the intake", () -> received("gateway.requests") == 5);

        intake.answer(FakeIntake.Answer.SERVER_ERROR);
        for (int i = 0; i < 7; i++) {
            route.record(HttpMethod.GET, 503, ResponseSource.UPSTREAM, 3_000_000L, 2_000_000L, 100, 2000);
        }
        eventually("the exporter to report the outage",
                () -> status(gatewatch.health(), "exporter:datadog") != HealthStatus.HEALTHY);
        assertThat(gatewatch.health().probe(Probe.READINESS).up()).as("a Datadog outage keeps the gateway ready").isTrue();
        assertThat(gatewatch.health().probe(Probe.LIVENESS).up()).isTrue();

        intake.answer(FakeIntake.Answer.ACCEPT);
        for (int i = 0; i < 3; i++) {
            route.record(HttpMethod.GET, 200, ResponseSource.UPSTREAM, 3_000_000L, 2_000_000L, 100, 2000);
        }
        gatewatch.close();

        assertThat(received("gateway.requests")).isEqualTo(15);
        assertThat(received("gateway.request.duration.count")).isEqualTo(15);
        assertThat(intake.violations).isEmpty();
        List<JsonNode> series = intake.acceptedSeries();
        assertThat(series).allSatisfy(s -> assertThat(s.path("resources").get(0).path("name").asText()).isEqualTo("node-1"));
    }

    @Test
    void configurationMistakesFailStartUpWithPathFileAndLine() {
        Config config = ConfigFactory.parseString("""
                gatewatch {
                  shutdown-hook = false
                  exporters.datadog {
                    enabled = true
                    intervall = 5s
                  }
                }
                """, com.typesafe.config.ConfigParseOptions.defaults().setOriginDescription("app.conf"));
        assertThatThrownBy(() -> gatewatch = Gatewatch.start(config))
                .isInstanceOf(com.typesafe.config.ConfigException.class)
                .hasMessageContaining("app.conf:5")
                .hasMessageContaining("gatewatch.exporters.datadog.intervall")
                .hasMessageContaining("app.conf:4")
                .hasMessageContaining("gatewatch.exporters.datadog.api-key")
                .hasMessageContaining("DD_API_KEY")
                .hasMessageNotContaining("gatewatch.exporters.datadog.gatewatch");
    }

    @Test
    void aRejectedKeyShowsInStatusButNeverInTheProbes() throws Exception {
        intake.answer(FakeIntake.Answer.FORBIDDEN);
        startGatewatch();
        eventually("the exporter to be down", () -> status(gatewatch.health(), "exporter:datadog") == HealthStatus.DOWN);
        eventually("the intake check to fail", () -> status(gatewatch.health(), "datadog-intake") != HealthStatus.HEALTHY);

        HealthView health = gatewatch.health();
        assertThat(health.probe(Probe.READINESS).up()).isTrue();
        assertThat(health.probe(Probe.LIVENESS).up()).isTrue();
        HealthView.ComponentHealth intakeCheck = health.components().stream()
                .filter(c -> c.name().equals("datadog-intake")).findFirst().orElseThrow();
        assertThat(intakeCheck.data()).containsEntry("api-key", "****" + TestKeys.LAST_FOUR);
        assertThat(String.valueOf(health.components())).doesNotContain(TestKeys.API_KEY);
        assertThat(intake.requests).as("one attempt, then the five-minute backoff").hasSize(1);
    }
}
