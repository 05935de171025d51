package io.gatewatch.exporter.datadog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.datadog.api.client.v2.model.MetricIntakeType;
import com.datadog.api.client.v2.model.MetricSeries;
import io.gatewatch.spi.HealthResult;
import io.gatewatch.testing.ManualClock;
import io.gatewatch.testing.RecordingMeters;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The exporter's logic (buffering, backoff, dropping) against a scripted sender on a manual clock. */
class DatadogExporterTest {
    @RegisterExtension
    static final LogCapture LOGS = new LogCapture();

    private static final long T0 = 1_800_000_000_000L;
    private final ManualClock clock = new ManualClock(T0);
    private final RecordingMeters meters = new RecordingMeters();
    private final ScriptedSender sender = new ScriptedSender();
    private final Traffic traffic = new Traffic();
    private boolean shuttingDown;

    private DatadogExporter exporter(String extraSettings) {
        return new DatadogExporter(TestSettings.enabled(extraSettings), sender, clock, clock::sleep, () -> 0.5,
                () -> shuttingDown, meters, "gateway", new PayloadBuilder());
    }

    /** Records {@code n} requests, advances one interval and exports; returns what export threw. */
    private Exception interval(DatadogExporter exporter, int n) {
        for (int i = 0; i < n; i++) {
            traffic.request("get-user", 200, 3_000_000L);
        }
        clock.advance(Duration.ofSeconds(10));
        try {
            exporter.export(traffic.snapshot(clock.millis()));
            return null;
        } catch (Exception e) {
            return e;
        }
    }

    private static double sum(List<List<MetricSeries>> calls, String metric) {
        return calls.stream().flatMap(List::stream).filter(s -> s.getMetric().equals(metric))
                .flatMap(s -> s.getPoints().stream()).mapToDouble(p -> p.getValue()).sum();
    }

    private static Set<Long> timestamps(List<List<MetricSeries>> calls, String metric) {
        return calls.stream().flatMap(List::stream).filter(s -> s.getMetric().equals(metric))
                .flatMap(s -> s.getPoints().stream()).map(p -> p.getTimestamp()).collect(Collectors.toSet());
    }

    @Test
    void sendsEachIntervalAsDeltasStampedWithItsOwnTime() throws Exception {
        DatadogExporter exporter = exporter("");
        assertThat(interval(exporter, 3)).isNull();
        assertThat(interval(exporter, 2)).isNull();

        assertThat(sender.accepted).hasSize(2);
        MetricSeries second = sender.accepted.get(1).stream().filter(s -> s.getMetric().equals("gateway.requests"))
                .findFirst().orElseThrow();
        assertThat(second.getType()).isEqualTo(MetricIntakeType.COUNT);
        assertThat(second.getInterval()).isEqualTo(10L);
        assertThat(second.getPoints().get(0).getValue()).isEqualTo(2.0);
        assertThat(second.getPoints().get(0).getTimestamp()).isEqualTo(clock.millis() / 1000);
        assertThat(exporter.status().pendingIntervals()).isZero();
        assertThat(meters.gauge("gatewatch.datadog.pending.intervals")).isZero();
    }

    @Test
    void failedIntervalsAreSentLaterWithTheirOriginalTimestampsAndNoCountIsLost() {
        DatadogExporter exporter = exporter("");
        sender.otherwise(ScriptedSender.status(503));
        for (int i = 0; i < 5; i++) {
            assertThat(interval(exporter, 7)).isInstanceOf(DatadogExportException.class)
                    .hasMessageContaining("503").hasMessageContaining((i + 1) + " intervals buffered");
        }
        sender.otherwise(SendOutcome.accepted(202));
        Exception last = null;
        for (int i = 0; i < 10 && (i == 0 || exporter.status().pendingIntervals() > 0); i++) {
            last = interval(exporter, 7);
        }

        assertThat(last).isNull();
        assertThat(exporter.status().pendingIntervals()).isZero();
        assertThat(sum(sender.accepted, "gateway.requests")).isEqualTo(traffic.total());
        assertThat(sum(sender.accepted, "gateway.request.duration.count")).isEqualTo(traffic.total());
        // every interval kept its own timestamp: five failed ones plus the ones after recovery
        assertThat(timestamps(sender.accepted, "gateway.requests")).hasSizeGreaterThanOrEqualTo(6);
        assertThat(meters.count("gatewatch.datadog.retries")).isGreaterThanOrEqualTo(5);
        assertThat(meters.count("gatewatch.datadog.dropped.intervals", "overflow")).isZero();
    }

    @Test
    void retriesWithinOneCallNeverSleepLongerThanTheInterval() {
        DatadogExporter exporter = exporter("");
        sender.otherwise(ScriptedSender.status(500));
        long before = clock.millis();
        assertThat(interval(exporter, 1)).isNotNull();

        assertThat(clock.millis() - before - 10_000).isLessThanOrEqualTo(10_000);
        // 0.75 s, 1.5 s, 3 s: exponential, each within the jittered window, and then it gives up for this interval
        assertThat(clock.sleeps()).containsExactly(Duration.ofMillis(750), Duration.ofMillis(1500), Duration.ofMillis(3000));
        assertThat(sender.calls).hasSize(4);
    }

    @Test
    void retryAfterIsHonoured() {
        DatadogExporter exporter = exporter("");
        sender.then(SendOutcome.ofStatus(429, Duration.ofSeconds(7), "{\"errors\":[\"Too many requests\"]}"));
        assertThat(interval(exporter, 1)).isNull();

        assertThat(clock.sleeps()).containsExactly(Duration.ofSeconds(7));
        assertThat(sender.calls).hasSize(2);
        assertThat(sender.accepted).hasSize(1);
    }

    @Test
    void aFullBufferDropsTheOldestIntervalsAndCountsThem() {
        DatadogExporter exporter = exporter("max-buffered-intervals = 3");
        sender.otherwise(ScriptedSender.status(500));
        for (int i = 0; i < 5; i++) {
            interval(exporter, 1);
        }
        assertThat(exporter.status().pendingIntervals()).isEqualTo(3);
        assertThat(meters.count("gatewatch.datadog.dropped.intervals", "overflow")).isEqualTo(2);
        assertThat(exporter.status().droppedIntervals()).isEqualTo(2);
        assertThat(meters.count("gatewatch.datadog.dropped.series", "overflow")).isEqualTo(exporter.status().droppedSeries());

        sender.otherwise(SendOutcome.accepted(202));
        for (int i = 0; i < 60 && exporter.status().pendingIntervals() > 0; i++) {
            interval(exporter, 1);
        }
        assertThat(exporter.status().pendingIntervals()).isZero();
        // every interval held one request: each one either arrived or was counted as dropped
        long dropped = meters.count("gatewatch.datadog.dropped.intervals", "overflow");
        assertThat(dropped).isGreaterThanOrEqualTo(2);
        assertThat(sum(sender.accepted, "gateway.requests") + dropped).isEqualTo(traffic.total());
    }

    @Test
    void aRejectedPayloadIsDroppedAtOnceCountedAndNotRetried() {
        DatadogExporter exporter = exporter("");
        sender.then(ScriptedSender.status(400));
        assertThat(interval(exporter, 1)).isInstanceOf(DatadogExportException.class).hasMessageContaining("400");

        assertThat(sender.calls).hasSize(1);
        assertThat(clock.sleeps()).isEmpty();
        assertThat(exporter.status().pendingIntervals()).isZero();
        assertThat(meters.count("gatewatch.datadog.dropped.payloads", "rejected")).isEqualTo(1);
        assertThat(meters.count("gatewatch.datadog.dropped.series", "rejected")).isEqualTo(sender.calls.get(0).size());

        assertThat(interval(exporter, 1)).isNull();
        assertThat(sender.accepted).hasSize(1);
    }

    @Test
    void aRejectedKeyParksTheExporterAtMaximumBackoffWithOneWarningPerFiveMinutes() {
        DatadogExporter exporter = exporter("");
        DatadogHealthCheck health = new DatadogHealthCheck(exporter);
        sender.otherwise(ScriptedSender.status(403));
        int logStart = LogCapture.text().length();
        for (int i = 0; i < 60; i++) {   // ten minutes of intervals
            assertThat(interval(exporter, 1)).isInstanceOf(DatadogExportException.class)
                    .hasMessageContaining("****" + TestKeys.LAST_FOUR).hasMessageNotContaining(TestKeys.API_KEY);
        }
        // one attempt at once, then one per five minutes: never a tight loop
        assertThat(sender.calls).hasSize(2);
        assertThat(clock.sleeps()).isEmpty();
        String logged = LogCapture.text().substring(logStart);
        assertThat(logged.split("Datadog rejected the API key", -1)).hasSize(3);

        HealthResult result = health.check();
        assertThat(result.up()).isFalse();
        assertThat(result.message()).contains("****" + TestKeys.LAST_FOUR);
        assertThat(result.data()).containsEntry("api-key", "****" + TestKeys.LAST_FOUR);
        assertThat(result.data().toString()).doesNotContain(TestKeys.API_KEY);
        assertThat(health.probes()).as("never affects liveness or readiness").isEmpty();

        sender.otherwise(SendOutcome.accepted(202));
        clock.advance(Backoff.MAX);
        assertThat(interval(exporter, 1)).isNull();
        assertThat(health.check().up()).isTrue();
    }

    @Test
    void flushSendsWhatIsBufferedAndCountsWhatItCannot() throws Exception {
        DatadogExporter exporter = exporter("");
        sender.otherwise(ScriptedSender.status(500));
        interval(exporter, 1);
        interval(exporter, 1);
        int calls = sender.calls.size();
        sender.otherwise(SendOutcome.accepted(202));
        exporter.flush();
        assertThat(sender.calls).hasSize(calls + 1);
        assertThat(sum(sender.accepted, "gateway.requests")).isEqualTo(2);

        sender.otherwise(ScriptedSender.status(500));
        interval(exporter, 1);
        calls = sender.calls.size();
        assertThatThrownBy(exporter::flush).isInstanceOf(DatadogExportException.class)
                .hasMessageContaining("1 intervals");
        assertThat(sender.calls).as("one attempt at shutdown, no backoff").hasSize(calls + 1);
        assertThat(meters.count("gatewatch.datadog.dropped.intervals", "shutdown")).isEqualTo(1);
    }

    @Test
    void duringShutdownAnExportMakesOneAttemptAndNeverSleeps() {
        DatadogExporter exporter = exporter("");
        sender.otherwise(ScriptedSender.status(503));
        shuttingDown = true;
        assertThat(interval(exporter, 1)).isNotNull();
        assertThat(sender.calls).hasSize(1);
        assertThat(clock.sleeps()).isEmpty();
    }

    @Test
    void intervalsOlderThanDatadogAcceptsAreDroppedAndCounted() {
        DatadogExporter exporter = exporter("");
        sender.otherwise(ScriptedSender.status(500));
        interval(exporter, 1);
        clock.advance(Duration.ofMinutes(56));
        sender.otherwise(SendOutcome.accepted(202));
        assertThat(interval(exporter, 1)).isNull();

        assertThat(meters.count("gatewatch.datadog.dropped.intervals", "stale")).isEqualTo(1);
        assertThat(sum(sender.accepted, "gateway.requests")).isEqualTo(1);
    }

    @Test
    void closeIsIdempotentAndNothingIsSentAfterIt() throws Exception {
        DatadogExporter exporter = exporter("");
        exporter.close();
        exporter.close();
        assertThat(sender.closes).isEqualTo(1);
        assertThat(interval(exporter, 1)).isNull();
        exporter.flush();
        assertThat(sender.calls).isEmpty();
    }
}
