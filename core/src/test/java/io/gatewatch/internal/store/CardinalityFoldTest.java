package io.gatewatch.internal.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.gatewatch.api.GatewayMetrics;
import io.gatewatch.api.HttpMethod;
import io.gatewatch.api.ResponseSource;
import io.gatewatch.api.RouteMetrics;
import io.gatewatch.snapshot.CounterPoint;
import io.gatewatch.snapshot.Labels;
import io.gatewatch.snapshot.MetricFamily;
import io.gatewatch.snapshot.Point;
import io.gatewatch.snapshot.Snapshot;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The fold past the cap keeps the bounded labels (service, method, status, source), folds only
 * the unbounded ones (route, consumer), stays within cap + max(10, cap/10) + 1 series, and counts
 * every folded value.
 */
class CardinalityFoldTest {
    private static final int CAP = 40;
    private static final int CEILING = CAP + Math.max(10, CAP / 10) + 1;

    private static long value(MetricFamily f, Labels labels) {
        Point p = f.point(labels);
        return p == null ? 0 : ((CounterPoint) p).value();
    }

    private static long folds(Snapshot s, String metric, String label) {
        return value(s.family("gatewatch.cardinality.overflow"), Labels.pairs("metric", metric, "label", label));
    }

    @Test
    void aRouteFloodFoldsRoutesOnlyAndARealStatusOnANewRouteKeepsItsStatusAndService() {
        MetricStore store = new MetricStore(StoreSettings.defaults("n").withMaxSeries(CAP).withPerConsumer(true)
                .withJvmMetrics(false));
        GatewayMetrics metrics = store.gatewayMetrics();
        // unknown paths with random keys, as an attacker sends them: two services, two statuses
        int[] statuses = {200, 404};
        int flood = 200_000;
        for (int i = 0; i < flood; i++) {
            metrics.route("svc-" + (i % 2), "/r/" + i).record(HttpMethod.GET, statuses[(i / 2) % 2], ResponseSource.UPSTREAM,
                    1, 1, 1, 1, metrics.consumer("c-" + i));
        }
        RouteMetrics real = metrics.route("accounts", "get-user");
        real.record(HttpMethod.GET, 503, ResponseSource.UPSTREAM, 1, 1, 1, 1, metrics.consumer("c-1"));

        Snapshot s = store.snapshot(0, List.of());
        MetricFamily requests = s.family("requests");
        assertThat(requests.points()).hasSizeLessThanOrEqualTo(CEILING);
        long total = 0;
        for (Point p : requests.points()) {
            total += ((CounterPoint) p).value();
            if (!p.labels().equals(Labels.pairs("service", "other", "route", "other", "method", "other", "status", "other",
                    "source", "other", "consumer", "other"))) {
                for (String bounded : List.of("service", "method", "status", "source")) {
                    assertThat(p.labels().get(bounded)).as(bounded + " of " + p.labels()).isNotEqualTo("other");
                }
            }
        }
        assertThat(total).as("no request lost").isEqualTo(flood + 1L);
        long real503 = requests.points().stream().filter(p -> "accounts".equals(p.labels().get("service"))
                && "503".equals(p.labels().get("status")) && "GET".equals(p.labels().get("method")))
                .mapToLong(p -> ((CounterPoint) p).value()).sum();
        assertThat(real503).as("the real 503 is counted under its service and status").isEqualTo(1);
        assertThat(folds(s, "requests", "status")).isZero();
        assertThat(folds(s, "requests", "service")).isZero();
        assertThat(folds(s, "requests", "method")).isZero();
        assertThat(folds(s, "requests", "route")).isGreaterThan(flood - 2L * CAP);
        assertThat(folds(s, "request.duration", "route")).isGreaterThan(flood - 2L * CAP);
        assertThat(s.family("request.duration").points()).hasSizeLessThanOrEqualTo(CEILING);
        System.out.printf("FIGURES fold-flood: %d requests over %d new routes, requests at %d series (ceiling %d), "
                + "folds route %d consumer %d status %d service %d, the real 503 under service accounts, status 503%n",
                flood + 1, flood + 1, requests.points().size(), CEILING, folds(s, "requests", "route"),
                folds(s, "requests", "consumer"), folds(s, "requests", "status"), folds(s, "requests", "service"));
    }

    @Test
    void whenEvenTheFoldedRoomIsSpentValuesLandInOneOverflowSeriesAndEveryFoldIsCounted() {
        MetricStore store = new MetricStore(StoreSettings.defaults("n").withMaxSeries(CAP).withJvmMetrics(false));
        GatewayMetrics metrics = store.gatewayMetrics();
        // 500 distinct statuses x 9 sources and methods: bounded, but far more than the cap allows
        long recorded = 0;
        for (int status = 100; status < 600; status++) {
            for (HttpMethod m : HttpMethod.values()) {
                metrics.route("svc", "/r/" + status).record(m, status, ResponseSource.UPSTREAM, 1, 1, 1, 1);
                recorded++;
            }
        }
        Snapshot s = store.snapshot(0, List.of());
        MetricFamily requests = s.family("requests");
        assertThat(requests.points()).hasSize(CEILING);
        Labels overflow = Labels.pairs("service", "other", "route", "other", "method", "other", "status", "other",
                "source", "other");
        long inOverflow = value(requests, overflow);
        assertThat(inOverflow).isPositive();
        assertThat(requests.points().stream().mapToLong(p -> ((CounterPoint) p).value()).sum()).isEqualTo(recorded);
        // each value that reached the overflow series folded its status, method, service and source
        assertThat(folds(s, "requests", "status")).isEqualTo(inOverflow);
        assertThat(folds(s, "requests", "service")).isEqualTo(inOverflow);
        assertThat(folds(s, "requests", "route")).isGreaterThanOrEqualTo(inOverflow);
        System.out.printf("FIGURES fold-overflow: %d bounded combinations, requests at %d series (ceiling %d), "
                + "%d values in the overflow series, folds status %d service %d route %d%n", recorded,
                requests.points().size(), CEILING, inOverflow, folds(s, "requests", "status"),
                folds(s, "requests", "service"), folds(s, "requests", "route"));
    }

    @Test
    void aBadConsumerIdIsCountedUnderTheConsumerLabel() {
        MetricStore store = new MetricStore(StoreSettings.defaults("n").withPerConsumer(true).withJvmMetrics(false));
        store.gatewayMetrics().consumer("");
        store.gatewayMetrics().consumer("x".repeat(500));
        Snapshot s = store.snapshot(0, List.of());
        MetricFamily invalid = s.family("gatewatch.label.invalid");
        assertThat(value(invalid, Labels.pairs("metric", "requests", "label", "consumer"))).isEqualTo(2);
        assertThat(value(invalid, Labels.pairs("metric", "requests", "label", "service"))).isZero();
    }
}
