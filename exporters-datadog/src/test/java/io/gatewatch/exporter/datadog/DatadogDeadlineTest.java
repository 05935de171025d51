package io.gatewatch.exporter.datadog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.typesafe.config.ConfigFactory;
import io.gatewatch.Gatewatch;
import io.gatewatch.api.HealthStatus;
import io.gatewatch.api.HealthView;
import io.gatewatch.api.HttpMethod;
import io.gatewatch.api.ResponseSource;
import io.gatewatch.api.RouteMetrics;
import io.gatewatch.snapshot.CounterPoint;
import io.gatewatch.snapshot.GaugePoint;
import io.gatewatch.snapshot.MetricFamily;
import io.gatewatch.snapshot.Point;
import io.gatewatch.testing.datadog.FakeIntake;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * An intake that answers {@code 202} and then drips its body a byte every half second: no read
 * ever times out, so only a total deadline per send keeps the exporter going. Real time, gatewatch
 * started as a gateway starts it (interval 1 s, read-timeout 1 s, as the attack was run).
 */
class DatadogDeadlineTest {
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

    private void startGatewatch() {
        gatewatch = Gatewatch.start(ConfigFactory.parseString("""
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
                    read-timeout = 1s
                  }
                }
                """.formatted(TestKeys.API_KEY, intake.baseUrl())));
    }

    private double received(String metric) {
        return intake.acceptedSeries().stream().filter(s -> s.path("metric").asText().equals(metric))
                .mapToDouble(s -> s.path("points").get(0).path("value").asDouble()).sum();
    }

    private double self(String family, String label, String value) {
        double sum = 0;
        for (MetricFamily f : gatewatch.snapshot().families()) {
            if (!f.descriptor().name().equals(family)) {
                continue;
            }
            for (Point p : f.points()) {
                if (label != null && !value.equals(p.labels().get(label))) {
                    continue;
                }
                sum += p instanceof CounterPoint c ? c.value() : ((GaugePoint) p).value();
            }
        }
        return sum;
    }

    private HealthView.ComponentHealth component(String name) {
        return gatewatch.health().components().stream().filter(c -> c.name().equals(name)).findFirst().orElse(null);
    }

    private void record(RouteMetrics route, int n) {
        for (int i = 0; i < n; i++) {
            route.record(HttpMethod.GET, 200, ResponseSource.UPSTREAM, 3_000_000L, 2_000_000L, 100, 2000);
        }
    }

    @Test
    void aDrippingIntakeIsAFailedSendThatKeepsItsIntervalsUntilTheIntakeRecovers() {
        intake.answer(FakeIntake.Answer.DRIP);
        startGatewatch();
        RouteMetrics route = gatewatch.metrics().route("accounts", "get-user");
        record(route, 7);

        long started = System.nanoTime();
        await("three sends cut by the deadline, each counted as a failure").atMost(Duration.ofSeconds(20))
                .until(() -> self("gatewatch.datadog.requests", "result", "retryable") >= 3);
        double seconds = (System.nanoTime() - started) / 1e9;
        await("the exporter and the intake check to show the failure").atMost(Duration.ofSeconds(5))
                .until(() -> component("exporter:datadog") != null
                        && component("exporter:datadog").status() != HealthStatus.HEALTHY
                        && component("datadog-intake").status() != HealthStatus.HEALTHY);
        HealthView.ComponentHealth check = component("datadog-intake");
        assertThat(check.records().get(check.records().size() - 1).message()).contains("no complete answer within 1000 ms");
        assertThat((Integer) check.data().get("pending-intervals")).as("the intervals are kept").isGreaterThanOrEqualTo(2);
        assertThat(self("gatewatch.exporter.errors", "exporter", "datadog")).isGreaterThanOrEqualTo(1);
        assertThat(self("gatewatch.datadog.dropped.series", null, null)).isZero();
        assertThat(intake.acceptedSeries()).isEmpty();
        System.out.printf("FIGURES datadog-drip: %d requests dripped, %.0f retryable failures counted in %.1f s%n",
                intake.requests.size(), self("gatewatch.datadog.requests", "result", "retryable"), seconds);

        intake.answer(FakeIntake.Answer.ACCEPT);
        intake.releaseHanging();
        record(route, 3);
        await("the buffered intervals delivered").atMost(Duration.ofSeconds(30))
                .until(() -> received("gateway.requests") >= 10 && component("datadog-intake").status() == HealthStatus.HEALTHY);
        assertThat(received("gateway.requests")).as("every request exactly once").isEqualTo(10);
        assertThat(received("gateway.request.duration.count")).isEqualTo(10);
        assertThat(intake.violations).isEmpty();
    }

    @Test
    void closingWhileTheIntakeDripsTakesTheDeadlineNotTheFinalExportTimeout() {
        startGatewatch();
        RouteMetrics route = gatewatch.metrics().route("accounts", "get-user");
        record(route, 2);
        await().atMost(Duration.ofSeconds(10)).until(() -> received("gateway.requests") == 2);
        intake.answer(FakeIntake.Answer.DRIP);
        record(route, 5);
        int before = intake.requests.size();
        await("a send dripping").atMost(Duration.ofSeconds(10)).until(() -> intake.requests.size() > before);

        long started = System.nanoTime();
        gatewatch.close();
        long millis = (System.nanoTime() - started) / 1_000_000;
        gatewatch = null;
        System.out.printf("FIGURES datadog-drip-close: close() took %d ms while the intake dripped%n", millis);
        // a send (1 s) in flight, the final export's send (1 s), a flush attempt (1 s), each cut
        // within one drip step; the final-export time-out that used to be waited out is 10 s
        assertThat(millis).isLessThan(6_000);
    }
}
