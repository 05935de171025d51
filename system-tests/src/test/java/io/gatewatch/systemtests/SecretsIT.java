package io.gatewatch.systemtests;

import static org.assertj.core.api.Assertions.assertThat;

import io.gatewatch.systemtests.support.SelfSignedTls;
import io.gatewatch.testing.datadog.FakeIntake;
import io.gatewatch.testing.datadog.FakeIntake.Answer;
import io.gatewatch.testing.gateway.GatewayOptions;
import io.gatewatch.testing.gateway.SampleGatewayProcess;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Scenario 6: with debug logging on and the Datadog intake refusing the key (403), presenting a
 * certificate nobody trusts, and not answering at all (time-outs), the API key and the status
 * listener's passwords appear nowhere: not in the log, /status, /metrics, nor any error answer.
 */
class SecretsIT {
    private static final String API_KEY = "ddk" + UUID.randomUUID().toString().replace("-", "");
    private static final String PASSWORD = "pw-" + UUID.randomUUID();
    private static final String TOKEN = "tok-" + UUID.randomUUID();
    private static final String BASIC = "Basic " + Base64.getEncoder().encodeToString(("admin:" + PASSWORD).getBytes());

    @TempDir
    Path dir;

    @Test
    void keyRejectedNothingLeaks() throws Exception {
        try (FakeIntake intake = new FakeIntake(API_KEY)) {
            intake.answer(Answer.FORBIDDEN);
            try (SampleGatewayProcess node = SampleGatewayProcess.start(dir.resolve("node"), secretOptions(intake.baseUrl()))) {
                List<String> exposed = new ArrayList<>();
                awaitTrue(() -> intake.answered(403) >= 1 && node.log().contains("rejected the API key"),
                        Duration.ofSeconds(30), () -> intake.requests + "\n" + node.log());
                exerciseStatusListener(node, exposed);
                String status = node.status("/status", BASIC).body();
                assertThat(status).contains("datadog").contains("rejected");
                exposed.add(status);
                node.stop();
                exposed.add(node.log());
                assertThat(node.log()).as("debug logging was on").contains("DEBUG");
                assertNoSecret(exposed);
            }
        }
    }

    @Test
    void intakeTimesOutNothingLeaks() throws Exception {
        try (FakeIntake intake = new FakeIntake(API_KEY)) {
            intake.answer(Answer.HANG);
            try (SampleGatewayProcess node = SampleGatewayProcess.start(dir.resolve("node"), secretOptions(intake.baseUrl()))) {
                List<String> exposed = new ArrayList<>();
                // a hang is a read time-out (1 s) on the gateway's side: wait for two of them
                awaitTrue(() -> intake.requests.size() >= 2, Duration.ofSeconds(30), () -> intake.requests + "\n" + node.log());
                awaitTrue(() -> node.log().toLowerCase(java.util.Locale.ROOT).contains("timed out"),
                        Duration.ofSeconds(30), node::log);
                exerciseStatusListener(node, exposed);
                String status = node.status("/status", BASIC).body();
                assertThat(status).contains("datadog");
                exposed.add(status);
                intake.releaseHanging();
                node.stop();
                exposed.add(node.log());
                assertThat(node.log()).as("the time-outs were logged").containsIgnoringCase("timed out");
                assertNoSecret(exposed);
            }
        }
    }

    @Test
    void untrustedCertificateNothingLeaks() throws Exception {
        try (FakeIntake intake = new FakeIntake(API_KEY, SelfSignedTls.serverContext(dir))) {
            try (SampleGatewayProcess node = SampleGatewayProcess.start(dir.resolve("node"), secretOptions(intake.baseUrl()))) {
                List<String> exposed = new ArrayList<>();
                awaitTrue(() -> node.log().contains("certification path") || node.log().contains("PKIX")
                                || node.log().contains("SSLHandshake"),
                        Duration.ofSeconds(30), node::log);
                exerciseStatusListener(node, exposed);
                exposed.add(node.status("/status", BASIC).body());
                node.stop();
                exposed.add(node.log());
                assertThat(intake.answered(202)).as("nothing got through the untrusted certificate").isZero();
                assertNoSecret(exposed);
            }
        }
    }

    private GatewayOptions secretOptions(String intakeUrl) throws Exception {
        // secrets come from a file, as in production, so they are not on the command line
        Path conf = dir.resolve("secrets.conf");
        Files.writeString(conf, "gatewatch.exporters.datadog { enabled = true, api-key = \"" + API_KEY + "\"\n"
                + "  uri = \"" + intakeUrl + "\", interval = 1s, connect-timeout = 1s, read-timeout = 1s }\n"
                + "gatewatch.status.auth { users { admin = \"" + PASSWORD + "\" }, bearer-token = \"" + TOKEN + "\" }\n");
        return SampleGatewayProcess.options().configFile(conf)
                .set("sample-gateway.log-level", "DEBUG")
                .set("gatewatch.exporters.json-file.enabled", "false");
    }

    /** Everything a client can see: right and wrong credentials, probes, metrics, status. */
    private static void exerciseStatusListener(SampleGatewayProcess node, List<String> exposed) throws Exception {
        HttpResponse<String> metrics = node.status("/metrics", BASIC);
        assertThat(metrics.statusCode()).isEqualTo(200);
        exposed.add(metrics.body());
        assertThat(node.status("/metrics", "Bearer " + TOKEN).statusCode()).isEqualTo(200);
        String[] wrong = {null, "Basic " + Base64.getEncoder().encodeToString(("admin:" + PASSWORD + "x").getBytes()),
                "Bearer " + TOKEN + "x", "Basic !!!notbase64", "Bearer " + API_KEY};
        for (String auth : wrong) {
            for (String path : List.of("/status", "/metrics")) {
                HttpResponse<String> r = node.status(path, auth);
                assertThat(r.statusCode()).as("%s with %s", path, auth).isEqualTo(401);
                exposed.add(r.body() + r.headers().map());
            }
        }
        exposed.add(node.status("/health/ready").body());
        exposed.add(node.status("/health/live").body());
    }

    private static void assertNoSecret(List<String> exposed) {
        for (String secret : List.of(API_KEY, PASSWORD, TOKEN)) {
            // any 8 characters in a row of a secret count as a leak (a masked key keeps the last four)
            for (int i = 0; i + 8 <= secret.length(); i++) {
                String part = secret.substring(i, i + 8);
                for (String text : exposed) {
                    assertThat(text).as("a secret leaked").doesNotContain(part);
                }
            }
        }
    }

    private static void awaitTrue(BooleanSupplier condition, Duration timeout, java.util.function.Supplier<String> why)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within " + timeout + ": " + why.get());
            }
            Thread.sleep(100);
        }
    }
}
