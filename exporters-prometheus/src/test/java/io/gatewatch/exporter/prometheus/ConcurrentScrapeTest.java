package io.gatewatch.exporter.prometheus;

import static org.assertj.core.api.Assertions.assertThat;

import io.gatewatch.api.GatewayMetrics;
import io.gatewatch.api.HttpMethod;
import io.gatewatch.api.ResponseSource;
import io.gatewatch.api.RouteMetrics;
import io.gatewatch.testing.TestPluginContext;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * Writers record at full speed into the real store while a scraper renders over and over: every
 * scrape must parse, no bucket or counter may go down between scrapes, and {@code +Inf} must equal
 * {@code _count} in every scrape.
 */
class ConcurrentScrapeTest {

    @Test
    void everyScrapeIsConsistentWhileWritersRun() throws Exception {
        TestPluginContext context = Fixtures.context();
        GatewayMetrics metrics = context.store().gatewayMetrics();
        List<RouteMetrics> routes = List.of(metrics.route("a", "r1"), metrics.route("a", "r2"), metrics.route("b", "r3"));
        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong recorded = new AtomicLong();
        CountDownLatch started = new CountDownLatch(2);
        Thread[] writers = new Thread[2];
        for (int w = 0; w < writers.length; w++) {
            int seed = w;
            writers[w] = new Thread(() -> {
                started.countDown();
                long n = 0;
                while (!stop.get()) {
                    RouteMetrics route = routes.get((int) (n % routes.size()));
                    long nanos = ((n * 7919 + seed) % 3_000) * 1_000_000L; // 0..3 s, across all buckets
                    route.record(HttpMethod.GET, n % 10 == 0 ? 500 : 200, ResponseSource.UPSTREAM, nanos, nanos / 2, 10, 100);
                    n++;
                }
                recorded.addAndGet(n);
            }, "writer-" + w);
            writers[w].start();
        }
        started.await();

        PrometheusTextRenderer renderer = new PrometheusTextRenderer("gateway");
        ExpositionBuffer out = new ExpositionBuffer();
        Map<String, Double> previous = new HashMap<>();
        int scrapes = 0;
        long deadline = System.nanoTime() + 1_500_000_000L;
        try {
            while (System.nanoTime() < deadline || scrapes < 20) {
                renderer.render(context.snapshots().snapshot(), out);
                Exposition parsed = Exposition.parse(out.toString());
                Map<String, Double> now = parsed.byKey();
                for (Exposition.Sample s : parsed.samples) {
                    if (s.name().equals("gateway_request_duration_seconds_bucket") && s.labels().get("le").equals("+Inf")) {
                        Map<String, String> series = new HashMap<>(s.labels());
                        series.remove("le");
                        String count = new Exposition.Sample("gateway_request_duration_seconds_count", series, 0).key();
                        assertThat(now.get(count)).as("+Inf == _count for %s", series).isEqualTo(s.value());
                    }
                }
                for (Map.Entry<String, Double> e : now.entrySet()) {
                    boolean monotonic = e.getKey().startsWith("gateway_request") && !e.getKey().contains("in_flight");
                    Double before = previous.get(e.getKey());
                    if (monotonic && before != null) {
                        assertThat(e.getValue()).as("%s never decreases", e.getKey()).isGreaterThanOrEqualTo(before);
                    }
                }
                previous = now;
                scrapes++;
            }
        } finally {
            stop.set(true);
            for (Thread t : writers) {
                t.join();
            }
        }
        // after the writers stopped, the totals are exact
        renderer.render(context.snapshots().snapshot(), out);
        Exposition last = Exposition.parse(out.toString());
        double total = last.samples.stream().filter(s -> s.name().equals("gateway_requests_total"))
                .mapToDouble(Exposition.Sample::value).sum();
        double counted = last.samples.stream().filter(s -> s.name().equals("gateway_request_duration_seconds_count"))
                .mapToDouble(Exposition.Sample::value).sum();
        assertThat(total).isEqualTo(recorded.get());
        assertThat(counted).isEqualTo(recorded.get());
        assertThat(scrapes).isGreaterThanOrEqualTo(20);
        System.out.printf("FIGURES prometheus concurrent scrape: %d scrapes consistent while %d requests were recorded%n", scrapes, recorded.get());
    }
}
