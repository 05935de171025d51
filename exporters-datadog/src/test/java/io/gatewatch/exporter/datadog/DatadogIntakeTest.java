package io.gatewatch.exporter.datadog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.gatewatch.api.HttpMethod;
import io.gatewatch.api.ResponseSource;
import io.gatewatch.api.RouteMetrics;
import io.gatewatch.api.Unit;
import io.gatewatch.internal.store.MetricStore;
import io.gatewatch.internal.store.StoreSettings;
import io.gatewatch.snapshot.GaugePoint;
import io.gatewatch.snapshot.Labels;
import io.gatewatch.snapshot.MetricDescriptor;
import io.gatewatch.snapshot.MetricFamily;
import io.gatewatch.snapshot.Point;
import io.gatewatch.snapshot.Snapshot;
import io.gatewatch.spi.HealthResult;
import io.gatewatch.testing.ManualClock;
import io.gatewatch.testing.Ports;
import io.gatewatch.testing.RecordingMeters;
import io.gatewatch.testing.datadog.FakeIntake;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The exporter through the real {@code datadog-api-client} against a local intake that checks
 * what Datadog checks. Backoff runs on a manual clock; only the hung-intake test uses real time.
 */
class DatadogIntakeTest {
    @RegisterExtension
    static final LogCapture LOGS = new LogCapture();

    private static final long T0 = 1_800_000_000_000L;
    private final ManualClock clock = new ManualClock(T0);
    private final RecordingMeters meters = new RecordingMeters();
    private FakeIntake intake;
    private DatadogExporter exporter;
    private MetricStore store;

    @BeforeEach
    void start() throws Exception {
        intake = new FakeIntake(TestKeys.API_KEY);
        store = new MetricStore(new StoreSettings("node-1", Labels.pairs("env", "prod"), 2000, false,
                StoreSettings.DEFAULT_LATENCY_BUCKETS_NANOS, false, "test", "abc"));
    }

    @AfterEach
    void stop() {
        if (exporter != null) {
            exporter.close();
        }
        intake.close();
        assertThat(intake.requests).allSatisfy(r -> {
            assertThat(r.uri()).doesNotContain(TestKeys.API_KEY).doesNotContain("api_key");
            assertThat(r.uri()).isEqualTo("/api/v2/series");
        });
    }

    private DatadogExporter exporter(String key, String extra) {
        DatadogSettings settings = TestSettings.parse("enabled = true\napi-key = \"" + key + "\"\nuri = \""
                + intake.baseUrl() + "\"\nconnect-timeout = 1s\nread-timeout = 2s\n" + extra);
        exporter = new DatadogExporter(settings, new ApiClientSender(settings, clock), clock, clock::sleep,
                () -> 0.5, () -> false, meters, "gateway", new PayloadBuilder());
        return exporter;
    }

    private Exception exportStore() {
        clock.advance(Duration.ofSeconds(10));
        try {
            exporter.export(store.snapshot(clock.millis(), List.of()));
            return null;
        } catch (Exception e) {
            return e;
        }
    }

    private static List<String> tags(JsonNode series) {
        List<String> out = new ArrayList<>();
        series.path("tags").forEach(t -> out.add(t.asText()));
        return out;
    }

    private static JsonNode find(List<JsonNode> series, String metric, String... tags) {
        return series.stream().filter(s -> s.path("metric").asText().equals(metric))
                .filter(s -> tags(s).containsAll(List.of(tags))).findFirst()
                .orElseThrow(() -> new AssertionError("no " + metric + " " + List.of(tags) + " in " + series));
    }

    private static double value(JsonNode series) {
        return series.path("points").get(0).path("value").asDouble();
    }

    private static double sum(List<JsonNode> series, String metric) {
        return series.stream().filter(s -> s.path("metric").asText().equals(metric))
                .flatMap(s -> StreamSupport.stream(s.path("points").spliterator(), false))
                .mapToDouble(p -> p.path("value").asDouble()).sum();
    }

    @Test
    void preparingTheClientSendsNothingAndTheFirstIntervalStillArrivesWhole() {
        DatadogSettings settings = TestSettings.parse("enabled = true\napi-key = \"" + TestKeys.API_KEY + "\"\nuri = \""
                + intake.baseUrl() + "\"\nconnect-timeout = 1s\nread-timeout = 2s\n");
        ApiClientSender sender = new ApiClientSender(settings, clock);
        exporter = new DatadogExporter(settings, sender, clock, clock::sleep, () -> 0.5, () -> false, meters, "gateway",
                new PayloadBuilder());
        assertThat(sender.prepared()).isFalse();

        exporter.prepare();

        assertThat(sender.prepared()).isTrue();
        assertThat(intake.requests).isEmpty();
        store.gatewayMetrics().route("accounts", "get-user")
                .record(HttpMethod.GET, 200, ResponseSource.UPSTREAM, 3_000_000L, 2_000_000L, 100, 2000);
        assertThat(exportStore()).isNull();
        assertThat(intake.violations).isEmpty();
        assertThat(value(find(intake.acceptedSeries(), "gateway.requests", "route:get-user", "status:200"))).isEqualTo(1.0);
    }

    @Test
    void sendsExactSeriesForKnownTraffic() {
        exporter(TestKeys.API_KEY, "tags { team = \"edge\" }\nhost = \"gw-7\"");
        RouteMetrics route = store.gatewayMetrics().route("accounts", "get-user");
        for (int i = 0; i < 3; i++) {
            route.record(HttpMethod.GET, 200, ResponseSource.UPSTREAM, 3_000_000L, 2_000_000L, 100, 2000);
        }
        route.record(HttpMethod.GET, 503, ResponseSource.UPSTREAM, 40_000_000L, 39_000_000L, 100, 50);
        store.gatewayMetrics().inFlight().add(2);

        assertThat(exportStore()).isNull();
        List<JsonNode> sent = intake.acceptedSeries();
        long ts = clock.millis() / 1000;
        String[] route200 = {"env:prod", "team:edge", "service:accounts", "route:get-user", "method:get", "status:200",
            "source:upstream"};
        JsonNode ok = find(sent, "gateway.requests", route200);
        assertThat(tags(ok)).containsExactly(route200);
        assertThat(ok.path("type").asInt()).as("COUNT").isEqualTo(1);
        assertThat(ok.path("interval").asLong()).isEqualTo(10);
        assertThat(ok.path("points").get(0).path("timestamp").asLong()).isEqualTo(ts);
        assertThat(value(ok)).isEqualTo(3.0);
        assertThat(ok.path("resources").get(0).path("name").asText()).isEqualTo("gw-7");
        assertThat(ok.path("resources").get(0).path("type").asText()).isEqualTo("host");
        assertThat(value(find(sent, "gateway.requests", "status:503"))).isEqualTo(1.0);

        String[] routeTags = {"env:prod", "team:edge", "service:accounts", "route:get-user"};
        JsonNode count = find(sent, "gateway.request.duration.count", routeTags);
        assertThat(tags(count)).containsExactly(routeTags);
        assertThat(count.path("type").asInt()).isEqualTo(1);
        assertThat(value(count)).isEqualTo(4.0);
        JsonNode durationSum = find(sent, "gateway.request.duration.sum", routeTags);
        assertThat(value(durationSum)).isCloseTo(0.049, within(1e-9));
        assertThat(durationSum.path("unit").asText()).isEqualTo("second");
        // Estimates from the buckets (3 values in (2.5 ms, 5 ms], one in (25 ms, 50 ms]), clamped to the observed range
        assertThat(value(find(sent, "gateway.request.duration.min", routeTags))).isCloseTo(0.003, within(1e-9));
        assertThat(value(find(sent, "gateway.request.duration.max", routeTags))).isCloseTo(0.040, within(1e-9));
        assertThat(value(find(sent, "gateway.request.duration.p50", routeTags))).isCloseTo(0.003 + 0.002 * 2 / 3, within(1e-9));
        assertThat(value(find(sent, "gateway.request.duration.p95", routeTags))).isCloseTo(0.040, within(1e-9));
        assertThat(find(sent, "gateway.request.duration.p99", routeTags).path("type").asInt()).as("GAUGE").isEqualTo(3);
        assertThat(value(find(sent, "gateway.request.bytes", routeTags))).isEqualTo(400.0);
        assertThat(value(find(sent, "gateway.response.bytes", routeTags))).isEqualTo(6050.0);
        assertThat(find(sent, "gateway.response.bytes", routeTags).path("unit").asText()).isEqualTo("byte");
        JsonNode inFlight = find(sent, "gateway.requests.in_flight");
        assertThat(inFlight.path("type").asInt()).isEqualTo(3);
        assertThat(value(inFlight)).isEqualTo(2.0);
        assertThat(inFlight.has("interval")).isFalse();
        assertThat(sent).allSatisfy(s -> assertThat(s.path("metric").asText()).matches("[a-z][a-z0-9_.]*"));

        route.record(HttpMethod.GET, 200, ResponseSource.UPSTREAM, 3_000_000L, 2_000_000L, 100, 2000);
        assertThat(exportStore()).isNull();
        List<JsonNode> second = intake.requests.get(1).series();
        assertThat(value(find(second, "gateway.requests", "status:200"))).as("a delta").isEqualTo(1.0);
        assertThat(value(find(second, "gateway.requests", "status:503"))).isEqualTo(0.0);
        assertThat(intake.violations).isEmpty();
        assertThat(intake.requests).allSatisfy(r -> {
            assertThat(r.apiKey()).isEqualTo(TestKeys.API_KEY);
            assertThat(r.contentEncoding()).isEqualTo("gzip");
        });
    }

    @Test
    void anOutageOfFiveIntervalsLosesNoCount() {
        exporter(TestKeys.API_KEY, "");
        RouteMetrics route = store.gatewayMetrics().route("accounts", "get-user");
        long recorded = 0;
        intake.answer(FakeIntake.Answer.SERVER_ERROR);
        for (int i = 0; i < 5; i++) {
            for (int n = 0; n <= i; n++) {
                route.record(HttpMethod.GET, 200, ResponseSource.UPSTREAM, 3_000_000L, 2_000_000L, 100, 2000);
                recorded++;
            }
            assertThat(exportStore()).isInstanceOf(DatadogExportException.class).hasMessageContaining("500");
        }
        assertThat(intake.acceptedSeries()).isEmpty();
        assertThat(LogCapture.text()).contains("Datadog intake unavailable").contains("reason=500");

        intake.answer(FakeIntake.Answer.ACCEPT);
        for (int i = 0; i < 40 && (i == 0 || exporter.status().pendingIntervals() > 0); i++) {
            route.record(HttpMethod.GET, 200, ResponseSource.UPSTREAM, 3_000_000L, 2_000_000L, 100, 2000);
            recorded++;
            exportStore();
        }

        assertThat(exporter.status().pendingIntervals()).isZero();
        List<JsonNode> received = intake.acceptedSeries();
        assertThat(sum(received, "gateway.requests")).isEqualTo(recorded);
        assertThat(sum(received, "gateway.request.duration.count")).isEqualTo(recorded);
        Set<Long> stamps = new TreeSet<>();
        received.stream().filter(s -> s.path("metric").asText().equals("gateway.requests"))
                .forEach(s -> stamps.add(s.path("points").get(0).path("timestamp").asLong()));
        assertThat(stamps).as("each failed interval kept its own timestamp").hasSizeGreaterThanOrEqualTo(6);
        assertThat(stamps.iterator().next()).isEqualTo(T0 / 1000 + 10);
        assertThat(meters.count("gatewatch.datadog.dropped.intervals", "overflow")).isZero();
        assertThat(intake.violations).isEmpty();
    }

    @Test
    void aBadRequestIsDroppedAtOnceCountedAndLoggedOnceWithTheReason() {
        exporter(TestKeys.API_KEY, "");
        intake.script(FakeIntake.Answer.BAD_REQUEST);
        int logStart = LogCapture.text().length();
        assertThat(exportStore()).isInstanceOf(DatadogExportException.class).hasMessageContaining("400");

        assertThat(intake.requests).hasSize(1);
        assertThat(exporter.status().pendingIntervals()).isZero();
        assertThat(meters.count("gatewatch.datadog.dropped.payloads", "rejected")).isEqualTo(1);
        String logged = LogCapture.text().substring(logStart);
        assertThat(logged.split("Invalid metric name", -1)).as("logged once, with the intake's reason").hasSize(2);

        assertThat(exportStore()).isNull();
        assertThat(intake.requests).hasSize(2);
        assertThat(intake.requests.get(1).status()).isEqualTo(202);
    }

    @Test
    void aRejectedKeyTakesTheExporterDownWithoutATightLoop() {
        String wrongKey = "0000000000000000000000000000beef";
        exporter(wrongKey, "");
        DatadogHealthCheck health = new DatadogHealthCheck(exporter);
        for (int i = 0; i < 12; i++) {
            assertThat(exportStore()).isInstanceOf(DatadogExportException.class)
                    .hasMessageContaining("****beef").hasMessageNotContaining(wrongKey);
        }
        assertThat(intake.requests).hasSize(1);
        assertThat(intake.requests.get(0).status()).isEqualTo(403);
        HealthResult result = health.check();
        assertThat(result.up()).isFalse();
        assertThat(result.data()).containsEntry("api-key", "****beef");
        assertThat(String.valueOf(result)).doesNotContain(wrongKey);
        assertThat(exporter.settings().toString()).contains("****beef").doesNotContain(wrongKey);
        assertThat(LogCapture.text()).contains("api_key=****beef").contains("Datadog rejected the API key")
                .doesNotContain(wrongKey);
    }

    @Test
    void tooManyRequestsWaitsAsLongAsRetryAfterSays() {
        exporter(TestKeys.API_KEY, "");
        intake.retryAfterSeconds(4);
        intake.script(FakeIntake.Answer.RATE_LIMITED);
        assertThat(exportStore()).isNull();

        assertThat(clock.sleeps()).containsExactly(Duration.ofSeconds(4));
        assertThat(intake.requests).extracting(FakeIntake.Request::status).containsExactly(429, 202);
    }

    @Test
    void payloadsAreSplitWithinTheIntakesSizeLimitsAndNothingIsLost() {
        exporter(TestKeys.API_KEY, "");
        int n = 30_000;
        MetricDescriptor d = MetricDescriptor.gauge("cache.entries", "entries", Unit.NONE, "key");
        List<Point> points = new ArrayList<>(n);
        java.util.Random random = new java.util.Random(7);
        for (int i = 0; i < n; i++) {
            // high-entropy values compress poorly, so the compressed limit binds as well as the inflated one
            String key = Long.toHexString(random.nextLong()) + Long.toHexString(random.nextLong())
                    + Long.toHexString(random.nextLong());
            points.add(new GaugePoint(Labels.pairs("key", key), i));
        }
        Snapshot big = new Snapshot(clock.millis(), "node-1", Labels.EMPTY, List.of(new MetricFamily(d, points)));
        try {
            exporter.export(big);
        } catch (Exception e) {
            throw new AssertionError(e);
        }

        assertThat(intake.violations).isEmpty();
        assertThat(intake.requests.size()).isGreaterThanOrEqualTo(3);
        assertThat(intake.requests).allSatisfy(r -> {
            assertThat(r.status()).isEqualTo(202);
            assertThat(r.bodyBytes()).isLessThanOrEqualTo(FakeIntake.MAX_BODY);
            assertThat(r.inflatedBytes()).isLessThan(FakeIntake.MAX_INFLATED);
        });
        Set<String> keys = new HashSet<>();
        intake.acceptedSeries().forEach(s -> keys.add(tags(s).get(0)));
        assertThat(keys).hasSize(n);
    }

    @Test
    void aHungIntakeNeverBlocksRecordingOrShutdownBeyondTheTimeouts() throws Exception {
        DatadogSettings settings = TestSettings.parse("enabled = true\napi-key = \"" + TestKeys.API_KEY + "\"\nuri = \""
                + intake.baseUrl() + "\"\ninterval = 1s\nconnect-timeout = 300ms\nread-timeout = 300ms");
        java.time.Clock real = java.time.Clock.systemUTC();
        exporter = new DatadogExporter(settings, new ApiClientSender(settings, real), real, Sleeper.SYSTEM,
                () -> 0.5, () -> false, meters, "gateway", new PayloadBuilder());
        intake.answer(FakeIntake.Answer.HANG);
        RouteMetrics route = store.gatewayMetrics().route("accounts", "get-user");
        route.record(HttpMethod.GET, 200, ResponseSource.UPSTREAM, 3_000_000L, 2_000_000L, 100, 2000);

        Thread exportThread = new Thread(() -> {
            try {
                exporter.export(store.snapshot(real.millis(), List.of()));
            } catch (Exception expected) {
                // a timeout: the interval stays buffered
            }
        }, "test-exporter");
        long start = System.nanoTime();
        exportThread.start();
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(5)).until(() -> !intake.requests.isEmpty());
        assertThat(exportThread.isAlive()).as("the export is waiting on the intake when recording starts").isTrue();
        long recordStart = System.nanoTime();
        long slowestRecord = 0;
        for (int i = 0; i < 100_000; i++) {
            long t0 = System.nanoTime();
            route.record(HttpMethod.GET, 200, ResponseSource.UPSTREAM, 3_000_000L, 2_000_000L, 100, 2000);
            slowestRecord = Math.max(slowestRecord, System.nanoTime() - t0);
        }
        long recordMillis = (System.nanoTime() - recordStart) / 1_000_000;
        exportThread.join(30_000);
        assertThat(exportThread.isAlive()).as("the export gave up on the hung intake").isFalse();
        long exportMillis = (System.nanoTime() - start) / 1_000_000;
        assertThat(exporter.status().pendingIntervals()).as("the interval stays buffered").isEqualTo(1);

        long flushStart = System.nanoTime();
        assertThatThrownBy(exporter::flush).isInstanceOf(DatadogExportException.class);
        long flushMillis = (System.nanoTime() - flushStart) / 1_000_000;
        long closeStart = System.nanoTime();
        exporter.close();
        long closeMillis = (System.nanoTime() - closeStart) / 1_000_000;
        System.out.printf("FIGURES datadog hung intake: 100000 recordings in %d ms (slowest call %.3f ms); export gave up"
                + " after %d ms, flush after %d ms, close took %d ms%n",
                recordMillis, slowestRecord / 1e6, exportMillis, flushMillis, closeMillis);

        // gross bounds: a call that waited for the intake would block for its timeouts or forever
        assertThat(slowestRecord).as("no recording call waited for the intake (ns)").isLessThan(1_000_000_000L);
        // one interval's worth of retries plus one request's timeouts, plus a few seconds
        assertThat(exportMillis).isLessThan(1_000 + 600 + 5_000);
        assertThat(flushMillis).as("flush makes one bounded attempt").isLessThan(600 + 5_000);
        assertThat(closeMillis).as("close does not wait for the hung intake").isLessThan(5_000);
        assertThat(meters.count("gatewatch.datadog.dropped.intervals", "shutdown")).isEqualTo(1);
        assertThat(LogCapture.text()).contains("SocketTimeoutException");
    }

    @Test
    void aRefusedConnectionIsRetriedLaterNotMistakenForABadPayload() throws Exception {
        int closedPort = Ports.free();
        DatadogSettings settings = TestSettings.parse("enabled = true\napi-key = \"" + TestKeys.API_KEY
                + "\"\nuri = \"http://127.0.0.1:" + closedPort + "\"\nconnect-timeout = 500ms");
        exporter = new DatadogExporter(settings, new ApiClientSender(settings, clock), clock, clock::sleep,
                () -> 0.5, () -> false, meters, "gateway", new PayloadBuilder());
        store.gatewayMetrics().route("accounts", "get-user")
                .record(HttpMethod.GET, 200, ResponseSource.UPSTREAM, 3_000_000L, 2_000_000L, 100, 2000);

        assertThat(exportStore()).isInstanceOf(DatadogExportException.class).hasMessageContaining("ConnectException");
        assertThat(exporter.status().pendingIntervals()).isEqualTo(1);
        assertThat(meters.count("gatewatch.datadog.requests", "retryable")).isGreaterThanOrEqualTo(1);
        assertThat(meters.count("gatewatch.datadog.dropped.payloads", "rejected")).isZero();
    }

    @Test
    void theKeyTravelsOnlyInItsHeader() {
        exporter(TestKeys.API_KEY, "");
        intake.script(FakeIntake.Answer.SERVER_ERROR, FakeIntake.Answer.BAD_REQUEST);
        exportStore();
        exportStore();
        exportStore();

        assertThat(intake.requests).hasSizeGreaterThanOrEqualTo(3).allSatisfy(r -> {
            assertThat(r.apiKey()).isEqualTo(TestKeys.API_KEY);
            assertThat(r.uri()).doesNotContain(TestKeys.API_KEY);
        });
        assertThat(exporter.settings().toString()).contains("****" + TestKeys.LAST_FOUR).doesNotContain(TestKeys.API_KEY);
        HealthResult status = new DatadogHealthCheck(exporter).check();
        assertThat(status.data()).containsEntry("api-key", "****" + TestKeys.LAST_FOUR);
        assertThat(String.valueOf(status)).doesNotContain(TestKeys.API_KEY);
        Snapshot self = store.snapshot(clock.millis(), List.of());
        assertThat(String.valueOf(self.families())).doesNotContain(TestKeys.API_KEY);
        assertThat(LogCapture.text()).isNotEmpty().doesNotContain(TestKeys.API_KEY);
    }
}
