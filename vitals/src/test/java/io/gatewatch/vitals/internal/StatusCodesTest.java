package io.gatewatch.vitals.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;

/**
 * Known traffic through a real metric store must come back from {@code /vitals/series} as exact
 * requests per status class per service, route, consumer and consumer route, at 1 s and 1 min,
 * with the top N plus {@code other} and the name filters.
 */
class StatusCodesTest {
    private static final long T0 = Instant.parse("2026-11-22T10:00:00Z").toEpochMilli();
    private static final long MS = 1_000_000L;

    private ManualClock clock;
    private MetricStore store;
    private GatewayMetrics metrics;
    private VitalsHistory history;
    private VitalsSampler sampler;

    private void start(int topN) {
        clock = new ManualClock(T0 + 5);
        store = new MetricStore(StoreSettings.defaults("node-a").withPerConsumer(true).withJvmMetrics(false));
        metrics = store.gatewayMetrics();
        history = new VitalsHistory(new VitalsSettings(true, Duration.ofHours(1), Duration.ofHours(25), topN));
        sampler = new VitalsSampler(history, () -> store.snapshot(clock.millis(), List.of()), clock,
                Executors.defaultThreadFactory(), NO_HEALTH);
        sampler.sampleOnce();
    }

    private void tick() {
        clock.advance(Duration.ofSeconds(1));
        sampler.sampleOnce();
    }

    private Map<String, Object> series(String metric, String resolution, long from, long to, String... filters)
            throws Exception {
        Map<String, List<String>> query = new HashMap<>(Map.of("metric", List.of(metric),
                "resolution", List.of(resolution), "from", List.of(Long.toString(from)), "to", List.of(Long.toString(to))));
        for (int i = 0; i < filters.length; i += 2) {
            query.put(filters[i], List.of(filters[i + 1]));
        }
        SeriesQuery q = SeriesQuery.parse(query, clock.millis(), 3600, 1500);
        return Json.plainObject(history.read(view -> q.render(view, clock.millis())));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> metric(Map<String, Object> doc, String metric) {
        return (Map<String, Object>) ((Map<String, Object>) doc.get("metrics")).get(metric);
    }

    @SuppressWarnings("unchecked")
    private static List<Object> entries(Map<String, Object> doc, String metric) {
        return (List<Object>) metric(doc, metric).get("entries");
    }

    /** An expected entry: names (null: absent), then 1xx..5xx. */
    private static Map<String, Object> entry(String consumer, String service, String route, long... classes) {
        Map<String, Object> e = new LinkedHashMap<>();
        if (consumer != null) {
            e.put("consumer", consumer);
        }
        if (service != null) {
            e.put("service", service);
        }
        if (route != null) {
            e.put("route", route);
        }
        long total = 0;
        for (int c = 0; c < 5; c++) {
            e.put((c + 1) + "xx", classes[c]);
            total += classes[c];
        }
        e.put("requests", total);
        return e;
    }

    /** One second of known traffic: accounts/get-user for acme and beta, shop/create-order anonymous. */
    private void knownSecond(RouteMetrics users, RouteMetrics orders) {
        RouteMetrics.Consumer acme = metrics.consumer("acme");
        RouteMetrics.Consumer beta = metrics.consumer("beta");
        for (int i = 0; i < 10; i++) {
            users.record(HttpMethod.GET, 200, ResponseSource.UPSTREAM, 3 * MS, 2 * MS, 1, 1, acme);
        }
        users.record(HttpMethod.GET, 503, ResponseSource.UPSTREAM, 3 * MS, 2 * MS, 1, 1, acme);
        users.record(HttpMethod.GET, 503, ResponseSource.UPSTREAM, 3 * MS, 2 * MS, 1, 1, acme);
        users.record(HttpMethod.GET, 404, ResponseSource.UPSTREAM, 3 * MS, 2 * MS, 1, 1, beta);
        for (int i = 0; i < 3; i++) {
            orders.record(HttpMethod.POST, 201, ResponseSource.UPSTREAM, 3 * MS, 2 * MS, 1, 1);
        }
        orders.record(HttpMethod.POST, 302, ResponseSource.UPSTREAM, 3 * MS, 2 * MS, 1, 1);
        orders.record(HttpMethod.POST, 101, ResponseSource.UPSTREAM, 3 * MS, 2 * MS, 1, 1, beta);
    }

    @Test
    void eachSecondCountsStatusClassesPerServiceRouteConsumerAndConsumerRoute() throws Exception {
        start(20);
        RouteMetrics users = metrics.route("accounts", "get-user");
        RouteMetrics orders = metrics.route("shop", "create-order");
        knownSecond(users, orders);
        tick();       // second T0
        tick();       // an idle second
        clock.advance(Duration.ofSeconds(1)); // a missed second: absent
        tick();
        String all = "status_codes_by_service,status_codes_by_route,status_codes_by_consumer,status_codes_by_consumer_route";
        Map<String, Object> doc = series(all, "1s", T0, T0 + 3_999);
        assertThat(entries(doc, "status_codes_by_service")).containsExactly(
                entry(null, "accounts", null, 0, 10, 0, 1, 2),
                entry(null, "shop", null, 1, 3, 1, 0, 0));
        assertThat(entries(doc, "status_codes_by_route")).containsExactly(
                entry(null, "accounts", "get-user", 0, 10, 0, 1, 2),
                entry(null, "shop", "create-order", 1, 3, 1, 0, 0));
        // requests without a consumer are the store's consumer "unknown"
        assertThat(entries(doc, "status_codes_by_consumer")).containsExactly(
                entry("acme", null, null, 0, 10, 0, 0, 2),
                entry("unknown", null, null, 0, 3, 1, 0, 0),
                entry("beta", null, null, 1, 0, 0, 1, 0));
        assertThat(entries(doc, "status_codes_by_consumer_route")).containsExactly(
                entry("acme", "accounts", "get-user", 0, 10, 0, 0, 2),
                entry("unknown", "shop", "create-order", 0, 3, 1, 0, 0),
                entry("beta", "accounts", "get-user", 0, 0, 0, 1, 0),
                entry("beta", "shop", "create-order", 1, 0, 0, 0, 0));
        // three periods held (the missed one is absent); nothing beyond the top 20
        assertThat(metric(doc, "status_codes_by_route").get("covered")).isEqualTo(3L);
        assertThat(metric(doc, "status_codes_by_route").get("other")).isEqualTo(entry(null, null, null, 0, 0, 0, 0, 0));

        // the idle second alone: held, with no entries
        Map<String, Object> idle = series("status_codes_by_route", "1s", T0 + 1_000, T0 + 1_999);
        assertThat(metric(idle, "status_codes_by_route").get("covered")).isEqualTo(1L);
        assertThat(entries(idle, "status_codes_by_route")).isEmpty();
    }

    @Test
    void filtersNarrowTheBreakdownsThatCarryTheirName() throws Exception {
        start(20);
        knownSecond(metrics.route("accounts", "get-user"), metrics.route("shop", "create-order"));
        tick();
        String all = "status_codes_by_service,status_codes_by_route,status_codes_by_consumer,status_codes_by_consumer_route";
        Map<String, Object> byShop = series(all, "1s", T0, T0 + 999, "service", "shop");
        assertThat(entries(byShop, "status_codes_by_service")).containsExactly(entry(null, "shop", null, 1, 3, 1, 0, 0));
        assertThat(entries(byShop, "status_codes_by_route")).containsExactly(
                entry(null, "shop", "create-order", 1, 3, 1, 0, 0));
        assertThat(entries(byShop, "status_codes_by_consumer_route")).containsExactly(
                entry("unknown", "shop", "create-order", 0, 3, 1, 0, 0),
                entry("beta", "shop", "create-order", 1, 0, 0, 0, 0));
        // consumers carry no service: service= leaves them whole, with their other entry
        assertThat(entries(byShop, "status_codes_by_consumer")).hasSize(3);
        assertThat(metric(byShop, "status_codes_by_consumer")).containsKey("other");
        assertThat(metric(byShop, "status_codes_by_route")).doesNotContainKey("other");

        Map<String, Object> beta = series("status_codes_by_consumer,status_codes_by_consumer_route", "1s", T0, T0 + 999,
                "consumer", "beta", "route", "get-user");
        assertThat(entries(beta, "status_codes_by_consumer")).containsExactly(entry("beta", null, null, 1, 0, 0, 1, 0));
        assertThat(entries(beta, "status_codes_by_consumer_route")).containsExactly(
                entry("beta", "accounts", "get-user", 0, 0, 0, 1, 0));

        assertThat(entries(series("status_codes_by_route", "1s", T0, T0 + 999, "route", "nothing-here"),
                "status_codes_by_route")).isEmpty();
        assertThatThrownBy(() -> series("status_codes_by_route", "1s", T0, T0 + 999, "service", ""))
                .isInstanceOf(SeriesQuery.BadRequest.class)
                .hasMessage("service must be a name of 1 to 256 characters, got 0");
    }

    @Test
    void aMinuteIsTheSumOfItsSecondsAndNamesPastTheTopNAreOther() throws Exception {
        start(1);
        RouteMetrics users = metrics.route("accounts", "get-user");
        RouteMetrics orders = metrics.route("shop", "create-order");
        for (int k = 0; k < 60; k++) {
            knownSecond(users, orders);
            tick();
        }
        tick(); // the first second of the next minute closes nothing new but proves the minute is written
        Map<String, Object> doc = series("status_codes_by_route,status_codes_by_consumer_route", "1m", T0, T0 + 59_999);
        assertThat(metric(doc, "status_codes_by_route").get("covered")).isEqualTo(1L);
        // top 1: accounts/get-user (13 a second); shop/create-order is other
        assertThat(entries(doc, "status_codes_by_route")).containsExactly(
                entry(null, "accounts", "get-user", 0, 600, 0, 60, 120));
        assertThat(metric(doc, "status_codes_by_route").get("other")).isEqualTo(entry(null, null, null, 60, 180, 60, 0, 0));
        assertThat(entries(doc, "status_codes_by_consumer_route")).containsExactly(
                entry("acme", "accounts", "get-user", 0, 600, 0, 0, 120));
        assertThat(metric(doc, "status_codes_by_consumer_route").get("other"))
                .isEqualTo(entry(null, null, null, 60, 180, 60, 60, 0));

        // over a range of seconds, each second's top 1 adds up, and everything else is other
        Map<String, Object> seconds = series("status_codes_by_route", "1s", T0, T0 + 59_999);
        assertThat(metric(seconds, "status_codes_by_route").get("covered")).isEqualTo(60L);
        assertThat(entries(seconds, "status_codes_by_route")).containsExactly(
                entry(null, "accounts", "get-user", 0, 600, 0, 60, 120));
        assertThat(metric(seconds, "status_codes_by_route").get("other"))
                .isEqualTo(entry(null, null, null, 60, 180, 60, 0, 0));
    }

    @Test
    void whenTheLogIsFullTheOldestPointsLoseTheirBreakdownsAndNothingElse() {
        // room for 4 × (2 + 1) = 12 entries: two points of 6 entries each
        SeriesRing ring = new SeriesRing(1_000, 10, 2, 12);
        for (long period = 0; period < 3; period++) {
            PeriodTotals totals = new PeriodTotals();
            totals.counts[Fields.REQUESTS] = 3;
            for (String route : List.of("a", "b", "c")) {
                long[] v = new long[PeriodTotals.NAME_FIELDS];
                v[0] = 1;
                v[PeriodTotals.CLASS_AT + 1] = 1;
                totals.routes.put(new PeriodTotals.RouteKey("s", route), v);
            }
            long[] service = new long[PeriodTotals.NAME_FIELDS];
            service[0] = 3;
            service[PeriodTotals.CLASS_AT + 1] = 3;
            totals.services.put("s", service);
            ring.write(period, totals); // per point: 1 service + 2 routes + 1 other = 4 entries
        }
        // 12 entries written, 12 kept: all three points held
        assertThat(ring.statusCodes.holds(ring.find(0, 3))).isTrue();
        PeriodTotals fourth = new PeriodTotals();
        fourth.services.put("s", new long[] {1, 0, 1, 0, 0, 0});
        ring.write(3, fourth);
        // one more entry pushed out the first point's first: that point is gone, the rest stay
        assertThat(ring.statusCodes.holds(ring.find(0, 4))).isFalse();
        assertThat(ring.count(ring.find(0, 4), Fields.REQUESTS)).isEqualTo(3);
        assertThat(ring.statusCodes.holds(ring.find(1, 4))).isTrue();
        Map<StatusCodeLog.Name, long[]> routes = new HashMap<>();
        long[] other = new long[5];
        ring.statusCodes.addTo(ring.find(1, 4), StatusCodeLog.Kind.ROUTE, n -> true, routes, other);
        assertThat(routes).containsOnlyKeys(new StatusCodeLog.Name(null, "s", "a"), new StatusCodeLog.Name(null, "s", "b"));
        assertThat(other).containsExactly(0, 1, 0, 0, 0);
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
