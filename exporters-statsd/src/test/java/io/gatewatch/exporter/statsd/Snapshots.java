package io.gatewatch.exporter.statsd;

import io.gatewatch.internal.store.MetricStore;
import io.gatewatch.internal.store.StoreSettings;
import io.gatewatch.snapshot.CounterPoint;
import io.gatewatch.snapshot.Labels;
import io.gatewatch.snapshot.MetricDescriptor;
import io.gatewatch.snapshot.MetricFamily;
import io.gatewatch.snapshot.Point;
import io.gatewatch.snapshot.Snapshot;
import io.gatewatch.testing.TestPluginContext;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

/** Hand-built snapshots, lookups, and the plugin context the exporter runs with in these tests. */
final class Snapshots {
    private static final Clock FIXED = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);

    private Snapshots() {
    }

    /** A plugin context over a real store for node-1 (no JVM metrics), on a fixed clock. */
    static TestPluginContext context() {
        return context(Labels.EMPTY);
    }

    static TestPluginContext context(Labels commonTags) {
        StoreSettings defaults = StoreSettings.defaults("node-1");
        MetricStore store = new MetricStore(new StoreSettings("node-1", commonTags, defaults.maxSeriesPerMetric(), false,
                defaults.latencyBucketsNanos(), false, "test", "unknown"));
        return TestPluginContext.over(store).clock(FIXED);
    }

    static Snapshot of(MetricFamily... families) {
        return new Snapshot(1_000L, "node-1", Labels.EMPTY, List.of(families));
    }

    static Snapshot withTags(Labels common, MetricFamily... families) {
        return new Snapshot(1_000L, "node-1", common, List.of(families));
    }

    static MetricFamily family(MetricDescriptor d, Point... points) {
        return new MetricFamily(d, List.of(points));
    }

    /** Sum of a counter's series whose labels contain the given pairs. */
    static long counter(Snapshot s, String name, String... labelPairs) {
        MetricFamily f = s.family(name);
        if (f == null) {
            return 0;
        }
        long sum = 0;
        for (Point p : f.points()) {
            boolean match = true;
            for (int i = 0; i < labelPairs.length; i += 2) {
                match &= labelPairs[i + 1].equals(p.labels().get(labelPairs[i]));
            }
            if (match) {
                sum += ((CounterPoint) p).value();
            }
        }
        return sum;
    }
}
