package io.gatewatch.vitals.internal;

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
 * Shrinks a cumulative snapshot to what vitals draws, before deltas are taken: requests per route
 * and status class, per consumer, route and status class, and per status class, each latency histogram merged over every route, and single
 * totals for bytes, auth failures, cache hits and misses and open connections. The sampler's
 * {@link io.gatewatch.spi.support.DeltaTracker} then keeps one count per route (and consumer) and status class seen as its
 * baseline instead of every series of the store (method × status × source × route, and three
 * histograms per route): measured with 10,000 routes, about 270 bytes per route instead of 1.6 KB.
 */
final class Condenser {
    static final String BY_ROUTE = "vitals.requests.route";
    static final String BY_CONSUMER = "vitals.requests.consumer";
    static final String BY_CLASS = "vitals.requests.class";
    static final MetricDescriptor ROUTE = MetricDescriptor.counter(BY_ROUTE, "requests per route and status class",
            Unit.NONE, "service", "route", "class");
    static final MetricDescriptor CONSUMER = MetricDescriptor.counter(BY_CONSUMER,
            "requests per consumer, route and status class", Unit.NONE, "consumer", "service", "route", "class");
    static final MetricDescriptor CLASS = MetricDescriptor.counter(BY_CLASS, "requests per status class",
            Unit.NONE, "class");
    static final String[] CLASSES = {"1xx", "2xx", "3xx", "4xx", "5xx", "other"};
    /** Counters summed into one point each, by canonical name. */
    static final String[] TOTALS = {"request.bytes", "response.bytes", "auth.failures", "cache.hits", "cache.misses"};
    private static final String[] ROUTE_LABELS = {"service", "route", "class"};
    private static final String[] CONSUMER_LABELS = {"consumer", "service", "route", "class"};

    private Condenser() {
    }

    static Snapshot condense(Snapshot cumulative) {
        List<MetricFamily> out = new ArrayList<>();
        for (MetricFamily family : cumulative.families()) {
            MetricDescriptor d = family.descriptor();
            if (!d.prefixed()) {
                continue;
            }
            String name = d.name();
            if (name.equals("requests")) {
                requests(family, out);
            } else if (indexOf(Fields.LATENCY_METRICS, name) >= 0) {
                HistogramPoint merged = merge(d, family.points());
                if (merged != null) {
                    out.add(new MetricFamily(d, List.of(merged)));
                }
            } else if (indexOf(TOTALS, name) >= 0) {
                long sum = 0;
                for (Point p : family.points()) {
                    sum += ((CounterPoint) p).value();
                }
                out.add(new MetricFamily(total(d), List.of(new CounterPoint(Labels.EMPTY, sum))));
            } else if (name.equals("connections.active")) {
                double sum = 0;
                for (Point p : family.points()) {
                    sum += ((GaugePoint) p).value();
                }
                if (!family.points().isEmpty()) {
                    out.add(new MetricFamily(total(d), List.of(new GaugePoint(Labels.EMPTY, sum))));
                }
            }
        }
        return new Snapshot(cumulative.timestampMillis(), cumulative.nodeId(), cumulative.commonTags(), out);
    }

    /** A route's (or a consumer's route's) requests in one status class. */
    private record Key(String consumer, String service, String route, int statusClass) {
    }

    private static void requests(MetricFamily family, List<MetricFamily> out) {
        Map<Key, long[]> routes = new LinkedHashMap<>();
        Map<Key, long[]> consumers = new LinkedHashMap<>();
        long[] classes = new long[CLASSES.length];
        for (Point p : family.points()) {
            CounterPoint c = (CounterPoint) p;
            Labels labels = c.labels();
            long n = c.value();
            String service = orUnknown(labels.get("service"));
            String route = orUnknown(labels.get("route"));
            int statusClass = statusClass(labels.get("status"));
            routes.computeIfAbsent(new Key(null, service, route, statusClass), k -> new long[1])[0] += n;
            String consumer = labels.get("consumer");
            if (consumer != null) {
                consumers.computeIfAbsent(new Key(consumer, service, route, statusClass), k -> new long[1])[0] += n;
            }
            classes[statusClass] += n;
        }
        List<Point> routePoints = new ArrayList<>(routes.size());
        routes.forEach((k, v) -> routePoints.add(new CounterPoint(
                Labels.of(ROUTE_LABELS, new String[] {k.service(), k.route(), CLASSES[k.statusClass()]}), v[0])));
        List<Point> consumerPoints = new ArrayList<>(consumers.size());
        consumers.forEach((k, v) -> consumerPoints.add(new CounterPoint(Labels.of(CONSUMER_LABELS,
                new String[] {k.consumer(), k.service(), k.route(), CLASSES[k.statusClass()]}), v[0])));
        List<Point> classPoints = new ArrayList<>(CLASSES.length);
        for (int i = 0; i < CLASSES.length; i++) {
            classPoints.add(new CounterPoint(Labels.pairs("class", CLASSES[i]), classes[i]));
        }
        out.add(new MetricFamily(ROUTE, routePoints));
        out.add(new MetricFamily(CONSUMER, consumerPoints));
        out.add(new MetricFamily(CLASS, classPoints));
    }

    /** 0..4 for 1xx..5xx, 5 for anything else ({@code invalid}, {@code other}). */
    static int statusClass(String status) {
        if (status != null && status.length() == 3 && status.charAt(0) >= '1' && status.charAt(0) <= '5') {
            return status.charAt(0) - '1';
        }
        return 5;
    }

    /** The sum of every route's histogram; min and max over all of them. Null for a family without series. */
    private static HistogramPoint merge(MetricDescriptor d, List<Point> points) {
        if (points.isEmpty()) {
            return null;
        }
        long[] buckets = new long[d.bucketCount() + 1];
        long count = 0;
        long sum = 0;
        long min = Long.MAX_VALUE;
        long max = Long.MIN_VALUE;
        for (Point p : points) {
            HistogramPoint h = (HistogramPoint) p;
            if (h.count() == 0 || h.bucketSlots() != buckets.length) {
                continue;
            }
            for (int i = 0; i < buckets.length; i++) {
                buckets[i] += h.bucket(i);
            }
            count += h.count();
            sum += h.sum();
            min = Math.min(min, h.min());
            max = Math.max(max, h.max());
        }
        return count == 0 ? new HistogramPoint(Labels.EMPTY, buckets, 0, 0, 0, 0)
                : new HistogramPoint(Labels.EMPTY, buckets, count, sum, min, max);
    }

    private static String orUnknown(String value) {
        return value == null ? "unknown" : value;
    }

    static int indexOf(String[] names, String name) {
        for (int i = 0; i < names.length; i++) {
            if (names[i].equals(name)) {
                return i;
            }
        }
        return -1;
    }

    private static MetricDescriptor total(MetricDescriptor d) {
        return new MetricDescriptor(d.name(), d.help(), d.type(), d.unit(), List.of(), true, null);
    }
}
