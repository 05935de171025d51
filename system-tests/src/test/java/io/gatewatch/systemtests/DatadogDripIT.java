package io.gatewatch.systemtests;

import static org.assertj.core.api.Assertions.assertThat;

import io.gatewatch.systemtests.support.Figures;
import io.gatewatch.testing.datadog.FakeIntake;
import io.gatewatch.testing.gateway.SampleGatewayProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An intake that answers {@code 202}, {@code Content-Length: 100000}, then one
 * byte every 0.5 s (no read ever times out), against the sample gateway as a process with
 * {@code interval = 1s, read-timeout = 1s}. Before the send deadline the exporter sat in its first
 * send for the whole run ("healthy, nothing sent yet", 0 failures, 0 pending) and SIGTERM waited
 * out the 10 s final-export time-out.
 */
class DatadogDripIT {
    private static final String API_KEY = "ddk" + UUID.randomUUID().toString().replace("-", "");

    @TempDir
    Path dir;

    @Test
    void aDrippingIntakeIsAFailedSendAndSigtermDoesNotWaitForIt() throws Exception {
        try (FakeIntake intake = new FakeIntake(API_KEY)) {
            intake.answer(FakeIntake.Answer.DRIP);
            Path conf = dir.resolve("datadog.conf");
            Files.writeString(conf, "gatewatch.exporters.datadog { enabled = true, api-key = \"" + API_KEY + "\"\n"
                    + "  uri = \"" + intake.baseUrl() + "\", interval = 1s, read-timeout = 1s }\n");
            try (SampleGatewayProcess node = SampleGatewayProcess.start(dir.resolve("node"),
                    SampleGatewayProcess.options().configFile(conf).set("gatewatch.exporters.json-file.enabled", "false"))) {
                long started = System.nanoTime();
                String retryable = "gatewatch_datadog_requests_total{result=\"retryable\"}";
                long deadline = started + Duration.ofSeconds(40).toNanos();
                while (!(node.metric(retryable) >= 3) && System.nanoTime() < deadline) {
                    Thread.sleep(200);
                }
                double failures = node.metric(retryable);
                double seconds = (System.nanoTime() - started) / 1e9;
                assertThat(failures).as("sends cut by the deadline and counted\n" + node.log()).isGreaterThanOrEqualTo(3);
                assertThat(node.metric("gatewatch_exporter_errors_total{exporter=\"datadog\"}")).isGreaterThanOrEqualTo(1);
                double pending = node.metric("gatewatch_datadog_pending_intervals");
                assertThat(pending).as("intervals kept for a later send").isGreaterThanOrEqualTo(2);
                assertThat(node.metric("gatewatch_datadog_dropped_series_total{reason=\"overflow\"}")).isZero();
                String status = node.awaitStatus("no complete answer within 1000 ms", Duration.ofSeconds(5));
                assertThat(status).contains("datadog-intake").contains("no complete answer within 1000 ms");
                assertThat(intake.answered(202)).as("nothing was accepted: every answer dripped").isZero();

                long stopping = System.nanoTime();
                node.terminate();
                int code = node.awaitExit(Duration.ofSeconds(30));
                long exitMillis = (System.nanoTime() - stopping) / 1_000_000;
                assertThat(code).isEqualTo(143);
                // drain delay (500 ms), a send in flight and the final export's send (1 s each, cut
                // within a drip step): well under the 10 s final-export time-out it used to wait out
                assertThat(exitMillis).as(node.log()).isLessThan(8_000);
                assertThat(node.log()).contains("shutting down with undelivered intervals")
                        .doesNotContain("did not finish its final export in time");
                Figures.record("datadog drip",
                        "%d requests dripped; %.0f sends cut by the deadline and counted in %.1f s; %.0f intervals "
                                + "pending; SIGTERM to exit %d ms (drain delay 500 ms)",
                        intake.requests.size(), failures, seconds, pending, exitMillis);
            }
        }
    }
}
