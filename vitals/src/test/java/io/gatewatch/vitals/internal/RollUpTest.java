package io.gatewatch.vitals.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.gatewatch.api.GatewayMetrics;
import io.gatewatch.api.HttpMethod;
import io.gatewatch.api.ResponseSource;
import io.gatewatch.api.RouteMetrics;
import io.gatewatch.internal.store.MetricStore;
import io.gatewatch.internal.store.StoreSettings;
import io.gatewatch.spi.HealthReporter;
import io.gatewatch.testing.Json;
import io.gatewatch.testing.ManualClock;
import io.gatewatch.vitals.VitalsSettings;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Known traffic through a real metric store, sampled with a manual clock, must come back from
 * {@code /vitals/series} as exactly the expected 1-second and 1-minute points.
 */
class RollUpTest {
    private static final long T0 = Instant.parse("2026-11-22T10:00:00Z").toEpochMilli();
    private static final long MS = 1_000_000L;

    private ManualClock clock;
    private MetricStore store;
    private GatewayMetrics metrics;
    private VitalsHistory history;
    private VitalsSampler sampler;
    private RouteMetrics users;
    private RouteMetrics orders;

    @BeforeEach
    void setUp() {
        start(VitalsSettings.defaults());
    }

    private void start(VitalsSettings settings) {
        clock = new ManualClock(T0 + 5);
        store = new MetricStore(StoreSettings.defaults("node-a").withPerConsumer(true).withJvmMetrics(false));
        metrics = store.gatewayMetrics();
        history = new VitalsHistory(settings);
        sampler = new VitalsSampler(history, () -> store.snapshot(clock.millis(), List.of()), clock,
                Executors.defaultThreadFactory(), NO_HEALTH);
        users = metrics.route("accounts", "get-user");
        orders = metrics.route("shop", "create-order");
        sampler.sampleOnce(); // the baseline: nothing before it belongs to any second
    }

    /** Ends the current second: the clock moves to just after the next whole second and a sample is taken. */
    private void tick() {
        clock.advance(Duration.ofSeconds(1));
        sampler.sampleOnce();
    }

    private Map<String, Object> series(String metric, String resolution, long from, long to) throws Exception {
        SeriesQuery q = SeriesQuery.parse(Map.of("metric", List.of(metric), "resolution", List.of(resolution),
                "from", List.of(Long.toString(from)), "to", List.of(Long.toString(to))), clock.millis(), 3600, 1500);
        return Json.plainObject(history.read(view -> q.render(view, clock.millis())));
    }

    @SuppressWarnings("unchecked")
    private static List<Object> array(Map<String, Object> doc, String metric, String member) {
        return (List<Object>) ((Map<String, Object>) ((Map<String, Object>) doc.get("metrics")).get(metric)).get(member);
    }

    @Test
    void oneSecondPointsAreTheExactTrafficOfTheirSecond() throws Exception {
        RouteMetrics.Consumer acme = metrics.consumer("acme");
        for (int i = 0; i < 10; i++) {
            users.record(HttpMethod.GET, 200, ResponseSource.UPSTREAM, 3 * MS, 2 * MS, 100, 1_000, acme);
        }
        orders.record(HttpMethod.POST, 503, ResponseSource.UPSTREAM, 3 * MS, 2 * MS, 50, 10);
        orders.record(HttpMethod.POST, 404, ResponseSource.NO_ROUTE, 3 * MS, RouteMetrics.NO_UPSTREAM, 50, 10);
        metrics.auth("key-auth").failure("invalid_key");
        metrics.cache("responses").hit();
        metrics.cache("responses").hit();
        metrics.cache("responses").hit();
        metrics.cache("responses").miss();
        metrics.connections("http").opened();
        metrics.connections("http").opened();
        tick(); // second T0 .. T0+1s
        tick(); // an idle second
        clock.advance(Duration.ofSeconds(1)); // a second the sampler missed ...
        users.record(HttpMethod.GET, 201, ResponseSource.UPSTREAM, 3 * MS, 2 * MS, 1, 2);
        tick(); // ... so its traffic lands in the next sampled one

        Map<String, Object> doc = series("requests,status_classes,latency,upstream_latency,gateway_latency,bytes,"
                + "auth_failures,cache_hit_ratio,connections,error_ratio", "1s", T0, T0 + 3_999);
        assertThat(doc.get("timestamps")).isEqualTo(List.of(T0, T0 + 1_000, T0 + 2_000, T0 + 3_000));
        assertThat(array(doc, "requests", "total")).containsExactly(12L, 0L, null, 1L);
        assertThat(array(doc, "status_classes", "2xx")).containsExactly(10L, 0L, null, 1L);
        assertThat(array(doc, "status_classes", "4xx")).containsExactly(1L, 0L, null, 0L);
        assertThat(array(doc, "status_classes", "5xx")).containsExactly(1L, 0L, null, 0L);
        assertThat(array(doc, "error_ratio", "values")).containsExactly(1.0 / 12, null, null, 0L);
        assertThat(array(doc, "bytes", "in")).containsExactly(1_100L, 0L, null, 1L);
        assertThat(array(doc, "bytes", "out")).containsExactly(10_020L, 0L, null, 2L);
        assertThat(array(doc, "auth_failures", "values")).containsExactly(1L, 0L, null, 0L);
        assertThat(array(doc, "cache_hit_ratio", "values")).containsExactly(0.75, null, null, null);
        assertThat(array(doc, "connections", "values")).containsExactly(2L, 2L, null, 2L);
        // every request took exactly 3 ms, 2 of them upstream: all statistics are exact
        assertThat(array(doc, "latency", "count")).containsExactly(12L, 0L, null, 1L);
        for (String stat : List.of("min", "avg", "max", "p50", "p95", "p99")) {
            assertThat(array(doc, "latency", stat)).as(stat).containsExactly(0.003, null, null, 0.003);
            assertThat(array(doc, "upstream_latency", stat)).as(stat).containsExactly(0.002, null, null, 0.002);
        }
        assertThat(array(doc, "upstream_latency", "count")).containsExactly(11L, 0L, null, 1L);
        assertThat(array(doc, "gateway_latency", "count")).containsExactly(12L, 0L, null, 1L);
        assertThat((Double) array(doc, "gateway_latency", "avg").get(0)).isCloseTo((11 * 0.001 + 0.003) / 12, within(1e-15));

        Map<String, Object> top = series("top_routes,top_consumers,top_services", "1s", T0, T0 + 3_999);
        assertThat(array(top, "top_routes", "entries")).containsExactly(
                Map.of("service", "accounts", "route", "get-user", "requests", 11L),
                Map.of("service", "shop", "route", "create-order", "requests", 2L));
        assertThat(array(top, "top_services", "entries")).containsExactly(
                Map.of("service", "accounts", "requests", 11L), Map.of("service", "shop", "requests", 2L));
        // requests without a consumer are the store's consumer "unknown" (anonymous traffic)
        assertThat(array(top, "top_consumers", "entries")).containsExactly(
                Map.of("consumer", "acme", "requests", 10L), Map.of("consumer", "unknown", "requests", 3L));
    }

    @Test
    void aMinuteIsTheSumOfItsSecondsWithMergedHistograms() throws Exception {
        // minute 0: second k carries k+1 requests on users (k = 0..59) and one on orders every 10th second
        long expectedRequests = 0;
        long expectedLatencySum = 0;
        for (int k = 0; k < 60; k++) {
            for (int r = 0; r <= k; r++) {
                long total = (k < 30 ? 3 : 30) * MS;
                users.record(HttpMethod.GET, 200, ResponseSource.UPSTREAM, total, total - MS, 10, 20);
                expectedRequests++;
                expectedLatencySum += total;
            }
            if (k % 10 == 0) {
                orders.record(HttpMethod.POST, 500, ResponseSource.UPSTREAM, 3 * MS, 2 * MS, 1, 1);
                expectedRequests++;
                expectedLatencySum += 3 * MS;
            }
            tick();
        }
        // minute 1: idle, except a single request in its last second
        for (int k = 0; k < 59; k++) {
            tick();
        }
        users.record(HttpMethod.GET, 302, ResponseSource.GATEWAY, 3 * MS, RouteMetrics.NO_UPSTREAM, 5, 6);
        tick();
        // minute 2 is never sampled; minute 3 has one sampled second, still open
        clock.advance(Duration.ofSeconds(61));
        sampler.sampleOnce();

        Map<String, Object> doc = series("requests,status_classes,latency,bytes,top_routes", "1m", T0, T0 + 4 * 60_000 - 1);
        assertThat(doc.get("timestamps")).isEqualTo(List.of(T0, T0 + 60_000, T0 + 120_000, T0 + 180_000));
        assertThat(array(doc, "requests", "total")).containsExactly(expectedRequests, 1L, null, null);
        assertThat(expectedRequests).isEqualTo(1830 + 6);
        assertThat(array(doc, "status_classes", "2xx")).containsExactly(1830L, 0L, null, null);
        assertThat(array(doc, "status_classes", "3xx")).containsExactly(0L, 1L, null, null);
        assertThat(array(doc, "status_classes", "5xx")).containsExactly(6L, 0L, null, null);
        assertThat(array(doc, "bytes", "in")).containsExactly(1830L * 10 + 6, 5L, null, null);
        assertThat(array(doc, "bytes", "out")).containsExactly(1830L * 20 + 6, 6L, null, null);
        assertThat(array(doc, "latency", "count")).containsExactly(expectedRequests, 1L, null, null);
        assertThat((Double) array(doc, "latency", "avg").get(0))
                .isCloseTo(expectedLatencySum * 1e-9 / expectedRequests, within(1e-12));
        // seconds 0..29 hold 465 + 3 requests at 3 ms, seconds 30..59 hold 1365 + 3 at 30 ms:
        // the median lies in the 25–50 ms bucket, p99 too, and min is the 3 ms of the first half
        assertThat((Double) array(doc, "latency", "min").get(0)).isEqualTo(0.003);
        assertThat((Double) array(doc, "latency", "p50").get(0)).isBetween(0.025, 0.030);
        assertThat((Double) array(doc, "latency", "p99").get(0)).isBetween(0.025, 0.030);
        assertThat((Double) array(doc, "latency", "max").get(0)).isEqualTo(0.030);
        assertThat(array(doc, "top_routes", "entries")).containsExactly(
                Map.of("service", "accounts", "route", "get-user", "requests", 1831L),
                Map.of("service", "shop", "route", "create-order", "requests", 6L));

        // the 1-second points of the same minute add up to the 1-minute point
        Map<String, Object> fine = series("requests", "1s", T0, T0 + 59_999);
        long sum = 0;
        for (Object v : array(fine, "requests", "total")) {
            sum += (Long) v;
        }
        assertThat(sum).isEqualTo(expectedRequests);
    }

    @Test
    void retentionDropsTheOldestPoints() throws Exception {
        start(new VitalsSettings(true, Duration.ofSeconds(10), Duration.ofMinutes(3), 2));
        for (int k = 0; k < 5 * 60; k++) {
            users.record(HttpMethod.GET, 200, ResponseSource.UPSTREAM, 3 * MS, 2 * MS, 1, 1);
            tick();
        }
        long now = clock.millis();
        Map<String, Object> fine = series("requests", "1s", now - 12_000, now);
        // 10 slots: the last 10 complete seconds; the one before is gone, the current one not yet written
        List<Object> fineValues = array(fine, "requests", "total");
        assertThat(fineValues).hasSize(12);
        assertThat(fineValues.get(0)).isNull();
        assertThat(fineValues.subList(1, 11)).containsOnly(1L);
        assertThat(fineValues.get(11)).isNull();

        Map<String, Object> coarse = series("requests", "1m", T0, T0 + 5 * 60_000 - 1);
        // five minutes recorded, three kept: minutes 0 and 1 are gone
        assertThat(array(coarse, "requests", "total")).containsExactly(null, null, 60L, 60L, 60L);
    }

    @Test
    void topNKeepsTheBusiestNamesPerPoint() throws Exception {
        start(new VitalsSettings(true, Duration.ofMinutes(1), Duration.ofHours(1), 2));
        RouteMetrics quiet = metrics.route("misc", "ping");
        for (int i = 0; i < 5; i++) {
            users.record(HttpMethod.GET, 200, ResponseSource.UPSTREAM, MS, MS, 1, 1);
        }
        for (int i = 0; i < 3; i++) {
            orders.record(HttpMethod.GET, 200, ResponseSource.UPSTREAM, MS, MS, 1, 1);
        }
        quiet.record(HttpMethod.GET, 200, ResponseSource.UPSTREAM, MS, MS, 1, 1);
        tick();
        Map<String, Object> doc = series("top_routes,requests", "1s", T0, T0 + 999);
        assertThat(array(doc, "top_routes", "entries")).containsExactly(
                Map.of("service", "accounts", "route", "get-user", "requests", 5L),
                Map.of("service", "shop", "route", "create-order", "requests", 3L));
        assertThat(array(doc, "requests", "total")).containsExactly(9L);
    }

    private static final HealthReporter.Component NO_HEALTH = new HealthReporter.Component() {
        @Override
        public void ok(String message) {
        }

        @Override
        public void error(String message) {
        }
    };
}
