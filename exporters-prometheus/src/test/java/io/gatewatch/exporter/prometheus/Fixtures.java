package io.gatewatch.exporter.prometheus;

import io.gatewatch.api.Unit;
import io.gatewatch.internal.store.MetricStore;
import io.gatewatch.internal.store.StoreSettings;
import io.gatewatch.snapshot.CounterPoint;
import io.gatewatch.snapshot.GaugePoint;
import io.gatewatch.snapshot.HistogramPoint;
import io.gatewatch.snapshot.Labels;
import io.gatewatch.snapshot.MetricDescriptor;
import io.gatewatch.snapshot.MetricFamily;
import io.gatewatch.snapshot.MetricType;
import io.gatewatch.snapshot.Snapshot;
import io.gatewatch.testing.TestPluginContext;
import java.util.ArrayList;
import java.util.List;

/** Hand-built descriptors and snapshots with known values. */
final class Fixtures {
    static final MetricDescriptor REQUESTS = MetricDescriptor.counter("requests", "Requests served", Unit.NONE,
            "service", "route", "status");
    static final MetricDescriptor DURATION = MetricDescriptor.histogram("request.duration", "Total request latency",
            Unit.SECONDS, new long[] {5_000_000L, 100_000_000L, 1_000_000_000L}, "service", "route");
    static final MetricDescriptor IN_FLIGHT = MetricDescriptor.gauge("requests.in_flight", "Requests being served",
            Unit.NONE);
    static final MetricDescriptor CPU = new MetricDescriptor("process.cpu", "CPU time used by the process",
            MetricType.COUNTER, Unit.SECONDS, List.of(), false, null);
    static final MetricDescriptor RESPONSE_BYTES = MetricDescriptor.counter("response.bytes", "Bytes sent",
            Unit.BYTES, "service");

    private Fixtures() {
    }

    /** What core would hand the plugin: a context over a real store for node n1, without JVM metrics. */
    static TestPluginContext context() {
        return TestPluginContext.over(new MetricStore(StoreSettings.defaults("n1").withJvmMetrics(false)));
    }

    static Snapshot snapshot(Labels commonTags, MetricFamily... families) {
        return new Snapshot(1_700_000_000_000L, "n1", commonTags, List.of(families));
    }

    static MetricFamily family(MetricDescriptor d, io.gatewatch.snapshot.Point... points) {
        return new MetricFamily(d, List.of(points));
    }

    static CounterPoint counter(long value, String... labels) {
        return new CounterPoint(Labels.pairs(labels), value);
    }

    static GaugePoint gauge(double value, String... labels) {
        return new GaugePoint(Labels.pairs(labels), value);
    }

    static HistogramPoint histogram(long sum, long[] buckets, String... labels) {
        long count = 0;
        for (long b : buckets) {
            count += b;
        }
        return new HistogramPoint(Labels.pairs(labels), buckets, count, sum, 0, 0);
    }

    /** {@code series} histogram series with the default latency layout, as a large gateway has. */
    static Snapshot largeHistogramSnapshot(int series) {
        long[] bounds = {1_000_000L, 2_500_000L, 5_000_000L, 10_000_000L, 25_000_000L, 50_000_000L, 100_000_000L,
            250_000_000L, 500_000_000L, 1_000_000_000L, 2_500_000_000L, 5_000_000_000L, 10_000_000_000L,
            30_000_000_000L};
        MetricDescriptor d = MetricDescriptor.histogram("request.duration", "Total request latency", Unit.SECONDS,
                bounds, "service", "route");
        List<io.gatewatch.snapshot.Point> points = new ArrayList<>(series);
        for (int i = 0; i < series; i++) {
            long[] buckets = new long[bounds.length + 1];
            for (int b = 0; b < buckets.length; b++) {
                buckets[b] = (i * 31L + b * 7L) % 1000;
            }
            points.add(histogram(i * 1_234_567L, buckets, "service", "service-" + (i % 50), "route", "route-" + i));
        }
        return snapshot(Labels.pairs("env", "prod", "region", "eu-west-1"), new MetricFamily(d, points));
    }
}
