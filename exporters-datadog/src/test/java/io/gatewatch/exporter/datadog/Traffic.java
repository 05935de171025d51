package io.gatewatch.exporter.datadog;

import io.gatewatch.api.Unit;
import io.gatewatch.snapshot.CounterPoint;
import io.gatewatch.snapshot.GaugePoint;
import io.gatewatch.snapshot.HistogramPoint;
import io.gatewatch.snapshot.Labels;
import io.gatewatch.snapshot.MetricDescriptor;
import io.gatewatch.snapshot.MetricFamily;
import io.gatewatch.snapshot.Point;
import io.gatewatch.snapshot.Snapshot;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Cumulative gateway numbers kept by hand, turned into snapshots the way the store does: request
 * counts per (route, status), request durations in the default latency buckets, an in-flight gauge.
 */
final class Traffic {
    static final long[] BOUNDS = {
        1_000_000L, 2_500_000L, 5_000_000L, 10_000_000L, 25_000_000L, 50_000_000L, 100_000_000L,
        250_000_000L, 500_000_000L, 1_000_000_000L, 2_500_000_000L, 5_000_000_000L, 10_000_000_000L,
        30_000_000_000L,
    };
    static final MetricDescriptor REQUESTS = MetricDescriptor.counter("requests", "Requests", Unit.NONE,
            "service", "route", "method", "status", "source");
    static final MetricDescriptor DURATION = MetricDescriptor.histogram("request.duration", "Request latency",
            Unit.SECONDS, BOUNDS, "service", "route");
    static final MetricDescriptor IN_FLIGHT = MetricDescriptor.gauge("requests.in_flight", "In flight", Unit.NONE);
    static final MetricDescriptor THREADS = MetricDescriptor.gauge("jvm.threads.live", "Live threads", Unit.NONE)
            .unprefixed();

    private final Map<Labels, Long> requests = new LinkedHashMap<>();
    private final Map<Labels, long[]> buckets = new LinkedHashMap<>();
    private final Map<Labels, long[]> sumMinMax = new LinkedHashMap<>();
    private double inFlight;
    private long total;

    /** One finished request. */
    Traffic request(String route, int status, long nanos) {
        requests.merge(Labels.pairs("service", "accounts", "route", route, "method", "GET", "status",
                String.valueOf(status), "source", "upstream"), 1L, Long::sum);
        Labels series = Labels.pairs("service", "accounts", "route", route);
        long[] b = buckets.computeIfAbsent(series, k -> new long[BOUNDS.length + 1]);
        int i = 0;
        while (i < BOUNDS.length && nanos > BOUNDS[i]) {
            i++;
        }
        b[i]++;
        long[] s = sumMinMax.computeIfAbsent(series, k -> new long[] {0, Long.MAX_VALUE, Long.MIN_VALUE});
        s[0] += nanos;
        s[1] = Math.min(s[1], nanos);
        s[2] = Math.max(s[2], nanos);
        total++;
        return this;
    }

    Traffic inFlight(double value) {
        inFlight = value;
        return this;
    }

    /** Requests recorded so far. */
    long total() {
        return total;
    }

    Snapshot snapshot(long timestampMillis) {
        List<Point> counters = new ArrayList<>();
        requests.forEach((labels, n) -> counters.add(new CounterPoint(labels, n)));
        List<Point> histograms = new ArrayList<>();
        buckets.forEach((labels, b) -> {
            long count = 0;
            for (long n : b) {
                count += n;
            }
            long[] s = sumMinMax.get(labels);
            histograms.add(new HistogramPoint(labels, b, count, s[0], s[1], s[2]));
        });
        return new Snapshot(timestampMillis, "node-1", Labels.pairs("env", "prod"), List.of(
                new MetricFamily(REQUESTS, counters),
                new MetricFamily(DURATION, histograms),
                new MetricFamily(IN_FLIGHT, List.of(new GaugePoint(Labels.EMPTY, inFlight))),
                new MetricFamily(THREADS, List.of(new GaugePoint(Labels.EMPTY, 42)))));
    }
}
