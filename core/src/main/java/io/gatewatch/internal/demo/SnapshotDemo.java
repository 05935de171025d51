package io.gatewatch.internal.demo;

import io.gatewatch.api.GatewayMetrics;
import io.gatewatch.api.HttpMethod;
import io.gatewatch.api.ResponseSource;
import io.gatewatch.api.RouteMetrics;
import io.gatewatch.internal.store.MetricStore;
import io.gatewatch.internal.store.StoreSettings;
import io.gatewatch.snapshot.CounterPoint;
import io.gatewatch.snapshot.GaugePoint;
import io.gatewatch.snapshot.HistogramPoint;
import io.gatewatch.snapshot.MetricFamily;
import io.gatewatch.snapshot.Point;
import io.gatewatch.snapshot.Snapshot;
import io.gatewatch.spi.support.HistogramStats;
import java.util.List;
import java.util.SplittableRandom;

/** Records a little synthetic traffic into a store and prints the snapshot: the smallest tour of core. */
public final class SnapshotDemo {
    private SnapshotDemo() {
    }

    public static void main(String[] args) {
        MetricStore store = new MetricStore(StoreSettings.defaults("demo-node"));
        GatewayMetrics metrics = store.gatewayMetrics();
        RouteMetrics users = metrics.route("accounts", "get-user");
        RouteMetrics orders = metrics.route("shop", "create-order");
        SplittableRandom random = new SplittableRandom(1);
        for (int i = 0; i < 10_000; i++) {
            long upstream = 2_000_000L + random.nextLong(40_000_000L);
            users.record(HttpMethod.GET, i % 50 == 0 ? 503 : 200, ResponseSource.UPSTREAM,
                    upstream + 300_000L, upstream, 120, 2_400);
            if (i % 4 == 0) {
                orders.record(HttpMethod.POST, 201, ResponseSource.UPSTREAM, upstream * 2, upstream * 2 - 500_000L, 900, 300);
            }
        }
        metrics.auth("key-auth").failure("invalid_key");
        Snapshot s = store.snapshot(System.currentTimeMillis(), List.of());
        System.out.printf("snapshot of node %s: %d families, %d series%n", s.nodeId(), s.families().size(), s.seriesCount());
        for (MetricFamily f : s.families()) {
            for (Point p : f.points()) {
                System.out.printf("  %-28s %-70s %s%n", f.descriptor().name(), p.labels(), render(f, p));
            }
        }
    }

    private static String render(MetricFamily f, Point p) {
        if (p instanceof CounterPoint c) {
            return Long.toString(c.value());
        }
        if (p instanceof GaugePoint g) {
            return String.format("%.3f", g.value());
        }
        HistogramPoint h = (HistogramPoint) p;
        long[] bounds = f.descriptor().bucketBounds();
        double scale = f.descriptor().unit().scale();
        return String.format("count=%d p50=%.4f p99=%.4f max=%.4f", h.count(),
                HistogramStats.percentile(bounds, h, 0.5) * scale, HistogramStats.percentile(bounds, h, 0.99) * scale,
                h.max() * scale);
    }
}
