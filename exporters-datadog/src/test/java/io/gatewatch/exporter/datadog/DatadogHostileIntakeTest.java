package io.gatewatch.exporter.datadog;

import static org.assertj.core.api.Assertions.assertThat;

import io.gatewatch.api.HttpMethod;
import io.gatewatch.api.ResponseSource;
import io.gatewatch.api.RouteMetrics;
import io.gatewatch.internal.store.MetricStore;
import io.gatewatch.internal.store.StoreSettings;
import io.gatewatch.snapshot.Labels;
import io.gatewatch.testing.ManualClock;
import io.gatewatch.testing.RecordingMeters;
import io.gatewatch.testing.datadog.FakeIntake;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Intakes that answer to trick the exporter: a redirect that would carry the key elsewhere, a
 * {@code Retry-After} too large for a long of milliseconds, and a {@code 400} at every interval.
 * The real client against {@link FakeIntake}; backoff on a manual clock.
 */
class DatadogHostileIntakeTest {
    @RegisterExtension
    static final LogCapture LOGS = new LogCapture();

    private final ManualClock clock = new ManualClock(1_800_000_000_000L);
    private final RecordingMeters meters = new RecordingMeters();
    private FakeIntake intake;
    private DatadogExporter exporter;
    private MetricStore store;
    private RouteMetrics route;

    @BeforeEach
    void start() throws Exception {
        intake = new FakeIntake(TestKeys.API_KEY);
        store = new MetricStore(new StoreSettings("node-1", Labels.EMPTY, 2000, false,
                StoreSettings.DEFAULT_LATENCY_BUCKETS_NANOS, false, "test", "abc"));
        route = store.gatewayMetrics().route("accounts", "get-user");
        DatadogSettings settings = TestSettings.parse("enabled = true\napi-key = \"" + TestKeys.API_KEY + "\"\nuri = \""
                + intake.baseUrl() + "\"\nconnect-timeout = 1s\nread-timeout = 2s\n");
        exporter = new DatadogExporter(settings, new ApiClientSender(settings, clock), clock, clock::sleep,
                () -> 0.5, () -> false, meters, "gateway", new PayloadBuilder());
    }

    @AfterEach
    void stop() {
        exporter.close();
        intake.close();
    }

    private Exception export(int requests) {
        for (int i = 0; i < requests; i++) {
            route.record(HttpMethod.GET, 200, ResponseSource.UPSTREAM, 3_000_000L, 2_000_000L, 100, 2000);
        }
        clock.advance(Duration.ofSeconds(10));
        try {
            exporter.export(store.snapshot(clock.millis(), List.of()));
            return null;
        } catch (Exception e) {
            return e;
        }
    }

    private double delivered() {
        return intake.acceptedSum("gateway.requests", tags -> true);
    }

    @Test
    void aRedirectIsAFailedSendAndTheKeyNeverReachesTheOtherPort() throws Exception {
        try (FakeIntake elsewhere = new FakeIntake(TestKeys.API_KEY)) {
            intake.redirectTo(elsewhere.baseUrl());
            intake.answer(FakeIntake.Answer.REDIRECT);

            Exception failure = export(3);
            assertThat(failure).isInstanceOf(DatadogExportException.class)
                    .hasMessageContaining("redirect to " + elsewhere.baseUrl() + " not followed");
            // retried with backoff within the interval, like any failed send
            assertThat(intake.requests).isNotEmpty().allSatisfy(r -> assertThat(r.status()).isEqualTo(307));
            assertThat(elsewhere.requests).as("requests that reached the redirect's target, key or not").isEmpty();
            assertThat(exporter.status().pendingIntervals()).as("the interval is kept").isEqualTo(1);
            assertThat(exporter.status().consecutiveFailures()).isEqualTo(intake.requests.size());
            assertThat(new DatadogHealthCheck(exporter).check().up()).isFalse();

            intake.answer(FakeIntake.Answer.ACCEPT);
            assertThat(export(2)).isNull();
            assertThat(delivered()).isEqualTo(5);
            assertThat(elsewhere.requests).isEmpty();
        }
    }

    @Test
    void aRetryAfterBeyondAnyClockWaitsTheDocumentedMaximum() {
        intake.retryAfter("9223372036854775807");
        intake.script(FakeIntake.Answer.RATE_LIMITED);

        Exception failure = export(4);
        assertThat(failure).as("a failed send, not an overflow").isInstanceOf(DatadogExportException.class)
                .hasMessageContaining("next attempt in 300.0 s");
        assertThat(clock.sleeps()).as("five minutes do not fit in one interval: no sleep").isEmpty();
        assertThat(exporter.status().consecutiveFailures()).isEqualTo(1);
        assertThat(new DatadogHealthCheck(exporter).check().up()).isFalse();

        for (int i = 0; i < 28; i++) {
            assertThat(export(0)).isInstanceOf(DatadogExportException.class);
        }
        clock.advance(Duration.ofSeconds(10));
        assertThat(intake.requests).as("the backoff held for 290 s").hasSize(1);
        assertThat(export(1)).isNull();
        assertThat(intake.requests).extracting(FakeIntake.Request::status).containsExactly(429, 202);
        assertThat(delivered()).isEqualTo(5);
    }

    @Test
    void serverGivenDelaysAreClampedWhateverTheirForm() {
        assertThat(new Backoff(() -> 0.0).delay(1, Duration.ofSeconds(Long.MAX_VALUE))).isEqualTo(Backoff.MAX);
        ApiClientSender sender = new ApiClientSender(TestSettings.enabled(""), clock);
        assertThat(sender.retryAfter(java.util.Map.of("Retry-After", List.of("9223372036854775807")))).isEqualTo(Backoff.MAX);
        assertThat(sender.retryAfter(java.util.Map.of("Retry-After", List.of("99999999999999999999999")))).isEqualTo(Backoff.MAX);
        assertThat(sender.retryAfter(java.util.Map.of("Retry-After", List.of("Fri, 31 Dec 9999 23:59:59 GMT")))).isEqualTo(Backoff.MAX);
        assertThat(sender.retryAfter(java.util.Map.of("X-RateLimit-Reset", List.of("86400")))).isEqualTo(Backoff.MAX);
        assertThat(sender.retryAfter(java.util.Map.of("Retry-After", List.of("7")))).isEqualTo(Duration.ofSeconds(7));
        sender.close();
    }

    @Test
    void aBadRequestAtEveryIntervalIsLoggedOncePerRunOfRefusals() {
        intake.answer(FakeIntake.Answer.BAD_REQUEST);
        int logStart = LogCapture.text().length();
        for (int i = 0; i < 5; i++) {
            assertThat(export(1)).isInstanceOf(DatadogExportException.class).hasMessageContaining("400");
        }
        assertThat(meters.count("gatewatch.datadog.dropped.payloads", "rejected")).isEqualTo(5);
        assertThat(occurrences(LogCapture.text().substring(logStart), "Invalid metric name")).as("one warning for five refusals")
                .isEqualTo(1L);

        intake.answer(FakeIntake.Answer.ACCEPT);
        assertThat(export(1)).isNull();
        intake.answer(FakeIntake.Answer.BAD_REQUEST);
        assertThat(export(1)).isInstanceOf(DatadogExportException.class);
        assertThat(export(1)).isInstanceOf(DatadogExportException.class);
        assertThat(occurrences(LogCapture.text().substring(logStart), "Invalid metric name"))
                .as("a new run of refusals after an accepted payload is logged again, once").isEqualTo(2L);
        assertThat(meters.count("gatewatch.datadog.dropped.payloads", "rejected")).isEqualTo(7);
    }

    /** Warnings (debug lines are on in these tests, and may repeat) that contain the word. */
    private static long occurrences(String text, String word) {
        return text.lines().filter(l -> l.contains(" WARN ") && l.contains(word)).count();
    }
}
