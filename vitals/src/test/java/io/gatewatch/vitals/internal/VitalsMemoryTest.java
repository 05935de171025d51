package io.gatewatch.vitals.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.gatewatch.api.GatewayMetrics;
import io.gatewatch.api.HttpMethod;
import io.gatewatch.api.ResponseSource;
import io.gatewatch.api.RouteMetrics;
import io.gatewatch.api.Unit;
import io.gatewatch.internal.store.MetricStore;
import io.gatewatch.internal.store.StoreSettings;
import io.gatewatch.snapshot.CounterPoint;
import io.gatewatch.snapshot.HistogramPoint;
import io.gatewatch.snapshot.Labels;
import io.gatewatch.snapshot.MetricDescriptor;
import io.gatewatch.snapshot.MetricFamily;
import io.gatewatch.snapshot.Point;
import io.gatewatch.snapshot.Snapshot;
import io.gatewatch.spi.HealthReporter;
import io.gatewatch.testing.ManualClock;
import io.gatewatch.vitals.VitalsSettings;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;
import org.openjdk.jol.info.GraphLayout;

/**
 * The heap vitals holds at default settings stays under the figure the README states, however
 * many routes and consumers the traffic spreads over: 25 simulated hours of seconds whose top
 * routes and consumers churn through 10,000 of each, then real samples of a store holding 10,000
 * routes. Measured with JOL as the retained graph of the history and the sampler's baseline,
 * label strings included.
 */
class VitalsMemoryTest {
    /** The documented figure (README, "Memory"). */
    static final long DOCUMENTED_BYTES = 12L * 1024 * 1024;
    private static final int ROUTES = 10_000;
    private static final long T0 = Instant.parse("2026-11-22T00:00:00Z").toEpochMilli();

    private static final long[] BOUNDS = StoreSettings.DEFAULT_LATENCY_BUCKETS_NANOS;
    private static final MetricDescriptor REQUESTS = MetricDescriptor.counter("requests", "", Unit.NONE,
            "service", "route", "method", "status", "source", "consumer");
    private static final MetricDescriptor[] LATENCY = {
        MetricDescriptor.histogram("request.duration", "", Unit.SECONDS, BOUNDS, "service", "route"),
        MetricDescriptor.histogram("upstream.duration", "", Unit.SECONDS, BOUNDS, "service", "route"),
        MetricDescriptor.histogram("overhead.duration", "", Unit.SECONDS, BOUNDS, "service", "route"),
    };

    @Test
    void twentyFiveHoursAcrossTenThousandRoutesStayUnderTheDocumentedFigure() {
        VitalsSettings settings = VitalsSettings.defaults();
        VitalsHistory history = new VitalsHistory(settings);
        long empty = GraphLayout.parseInstance(history).totalSize();

        // label values as a store holds them: one String per route and consumer, reused every second
        String[] services = new String[ROUTES];
        String[] routes = new String[ROUTES];
        String[] consumers = new String[ROUTES];
        for (int i = 0; i < ROUTES; i++) {
            services[i] = "service-" + (i % 100);
            routes[i] = "route-" + i + "-" + "x".repeat(i % 40);
            consumers[i] = "consumer-" + i;
        }
        long firstSecond = T0 / 1000;
        long seconds = 25L * 3600;
        for (long s = 0; s < seconds; s++) {
            history.record(firstSecond + s, Condenser.condense(second(s, services, routes, consumers)));
        }
        long afterSynthetic = GraphLayout.parseInstance(history).totalSize();

        // then the real thing: a store with 10,000 routes sampled for a few seconds
        ManualClock clock = new ManualClock((firstSecond + seconds) * 1000 + 5);
        MetricStore store = new MetricStore(StoreSettings.defaults("node").withMaxSeries(4 * ROUTES)
                .withPerConsumer(false).withJvmMetrics(false));
        GatewayMetrics metrics = store.gatewayMetrics();
        List<RouteMetrics> handles = new ArrayList<>();
        for (int i = 0; i < ROUTES; i++) {
            handles.add(metrics.route(services[i], routes[i]));
        }
        VitalsSampler sampler = new VitalsSampler(history, () -> store.snapshot(clock.millis(), List.of()), clock,
                Executors.defaultThreadFactory(), NO_HEALTH);
        for (int tick = 0; tick < 4; tick++) {
            for (RouteMetrics route : handles) {
                route.record(HttpMethod.GET, 200, ResponseSource.UPSTREAM, 4_000_000L, 3_000_000L, 10, 10);
            }
            sampler.sampleOnce();
            clock.advance(Duration.ofSeconds(1));
        }
        long lastSampled = firstSecond + seconds + 2;
        long requestsInLastSecond = history.read(v -> {
            SeriesRing fine = v.ring(Resolution.FINE);
            int slot = fine.find(lastSampled, lastSampled + 2);
            return slot < 0 ? -1L : fine.count(slot, Fields.REQUESTS);
        });
        assertThat(requestsInLastSecond).isEqualTo(ROUTES);

        long history25h = GraphLayout.parseInstance(history).totalSize();
        long baseline = GraphLayout.parseInstance(sampler.deltas()).totalSize();
        long total = GraphLayout.parseInstance(history, sampler.deltas()).totalSize();
        System.out.printf("vitals heap at default settings: empty history %,d B; after 25 h of churn %,d B;"
                        + " with a 10,000-route store sampled %,d B; sampler baseline %,d B; total %,d B (documented %,d B)%n",
                empty, afterSynthetic, history25h, baseline, total, DOCUMENTED_BYTES);

        assertThat(total).isLessThan(DOCUMENTED_BYTES);
        // nothing but the top-N references grows past the preallocated rings: at most one name per entry
        long entries = (long) (settings.fineSlots() + settings.coarseSlots()) * settings.topN() * 3;
        assertThat(afterSynthetic - empty).isLessThan(entries * 80);
    }

    /** One second's delta: 40 routes, busiest first, shifting through the 10,000 every second. */
    private static Snapshot second(long s, String[] services, String[] routes, String[] consumers) {
        List<Point> requests = new ArrayList<>(40);
        List<List<Point>> latency = List.of(new ArrayList<>(40), new ArrayList<>(40), new ArrayList<>(40));
        for (int j = 0; j < 40; j++) {
            int r = (int) ((s * 37 + j * 251L) % ROUTES);
            long n = 40 - j;
            requests.add(new CounterPoint(Labels.of(REQUESTS.labelNames().toArray(String[]::new),
                    new String[] {services[r], routes[r], "GET", j % 9 == 0 ? "503" : "200", "upstream", consumers[r]}), n));
            long[] buckets = new long[BOUNDS.length + 1];
            buckets[2] = n;
            for (List<Point> h : latency) {
                h.add(new HistogramPoint(Labels.pairs("service", services[r], "route", routes[r]), buckets, n,
                        n * 3_000_000L, 2_600_000L, 4_900_000L));
            }
        }
        List<MetricFamily> families = new ArrayList<>();
        families.add(new MetricFamily(REQUESTS, requests));
        for (int i = 0; i < LATENCY.length; i++) {
            families.add(new MetricFamily(LATENCY[i], latency.get(i)));
        }
        return new Snapshot(T0 + s * 1000, "node", Labels.EMPTY, families);
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
