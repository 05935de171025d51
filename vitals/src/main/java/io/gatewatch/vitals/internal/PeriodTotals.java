package io.gatewatch.vitals.internal;

import io.gatewatch.snapshot.CounterPoint;
import io.gatewatch.snapshot.GaugePoint;
import io.gatewatch.snapshot.HistogramPoint;
import io.gatewatch.snapshot.Labels;
import io.gatewatch.snapshot.MetricDescriptor;
import io.gatewatch.snapshot.MetricFamily;
import io.gatewatch.snapshot.Point;
import io.gatewatch.snapshot.Snapshot;
import io.gatewatch.spi.support.HistogramStats;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * What happened in one period (a second, or a minute rolled up from its seconds): the counts,
 * the merged latency histograms and the traffic per service, route and consumer. Reused from
 * period to period; the per-name maps hold only the names seen in the current period.
 *
 * <p>Used by the sampler thread only.
 */
final class PeriodTotals {
    final long[] counts = new long[Fields.COUNT_FIELDS];
    private final Latency[] latency = {new Latency(), new Latency(), new Latency()};
    private double connectionSum;
    private int connectionSamples;
    /** Per name: requests at index 0, then 1xx..5xx at {@link #CLASS_AT} + 0..4. */
    static final int CLASS_AT = 1;
    static final int NAME_FIELDS = 6;
    // replaced, not cleared, on reset: a cleared HashMap keeps the table of its busiest period
    Map<String, long[]> services = new HashMap<>();
    Map<RouteKey, long[]> routes = new HashMap<>();
    Map<String, long[]> consumers = new HashMap<>();
    Map<ConsumerRouteKey, long[]> consumerRoutes = new HashMap<>();
    /** Per {@link StatusCodeLog.Kind}, 1xx..5xx of names that nodes merged in had already put past their top N. */
    final long[][] statusOther = new long[4][5];

    /** A route is named by its service and its own name. */
    record RouteKey(String service, String route) {
    }

    /** A consumer on one route. */
    record ConsumerRouteKey(String consumer, String service, String route) {
    }

    void reset() {
        Arrays.fill(counts, 0);
        for (Latency l : latency) {
            l.reset();
        }
        connectionSum = 0;
        connectionSamples = 0;
        services = new HashMap<>();
        routes = new HashMap<>();
        consumers = new HashMap<>();
        consumerRoutes = new HashMap<>();
        for (long[] other : statusOther) {
            Arrays.fill(other, 0);
        }
    }

    /**
     * Adds one interval of a {@link io.gatewatch.spi.support.DeltaTracker} over {@link Condenser condensed}
     * snapshots: counters and histograms as deltas, the connections gauge as it is.
     */
    void add(Snapshot interval) {
        for (MetricFamily family : interval.families()) {
            String name = family.descriptor().name();
            switch (name) {
                case Condenser.BY_CLASS -> {
                    for (Point p : family.points()) {
                        CounterPoint c = (CounterPoint) p;
                        int statusClass = Condenser.indexOf(Condenser.CLASSES, c.labels().value(0));
                        counts[Fields.REQUESTS] += c.value();
                        if (statusClass < 5) {
                            counts[Fields.STATUS_1XX + statusClass] += c.value();
                        }
                    }
                }
                case Condenser.BY_ROUTE -> {
                    for (Point p : family.points()) {
                        CounterPoint c = (CounterPoint) p;
                        if (c.value() > 0) {
                            Labels l = c.labels();
                            int statusClass = Condenser.indexOf(Condenser.CLASSES, l.value(2));
                            bump(services, l.value(0), c.value(), statusClass);
                            bump(routes, new RouteKey(l.value(0), l.value(1)), c.value(), statusClass);
                        }
                    }
                }
                case Condenser.BY_CONSUMER -> {
                    for (Point p : family.points()) {
                        CounterPoint c = (CounterPoint) p;
                        if (c.value() > 0) {
                            Labels l = c.labels();
                            int statusClass = Condenser.indexOf(Condenser.CLASSES, l.value(3));
                            bump(consumers, l.value(0), c.value(), statusClass);
                            bump(consumerRoutes, new ConsumerRouteKey(l.value(0), l.value(1), l.value(2)), c.value(),
                                    statusClass);
                        }
                    }
                }
                case "request.bytes" -> counts[Fields.BYTES_IN] += sum(family);
                case "response.bytes" -> counts[Fields.BYTES_OUT] += sum(family);
                case "auth.failures" -> counts[Fields.AUTH_FAILURES] += sum(family);
                case "cache.hits" -> counts[Fields.CACHE_HITS] += sum(family);
                case "cache.misses" -> counts[Fields.CACHE_MISSES] += sum(family);
                case "connections.active" -> {
                    for (Point p : family.points()) {
                        connectionSum += ((GaugePoint) p).value();
                        connectionSamples++;
                    }
                }
                default -> {
                    int index = Condenser.indexOf(Fields.LATENCY_METRICS, name);
                    if (index >= 0) {
                        latency[index].add(family);
                    }
                }
            }
        }
        for (int i = 0; i < latency.length; i++) {
            counts[Fields.LATENCY_COUNT + i] = latency[i].count;
        }
    }

    /** Adds {@code n} requests of status class {@code statusClass} (0..4 for 1xx..5xx; others count only as requests). */
    private static <K> void bump(Map<K, long[]> map, K key, long n, int statusClass) {
        long[] v = map.computeIfAbsent(key, k -> new long[NAME_FIELDS]);
        v[0] += n;
        if (statusClass >= 0 && statusClass < 5) {
            v[CLASS_AT + statusClass] += n;
        }
    }

    private static <K> void add(Map<K, long[]> map, K key, long[] values) {
        long[] v = map.computeIfAbsent(key, k -> new long[NAME_FIELDS]);
        for (int i = 0; i < NAME_FIELDS; i++) {
            v[i] += values[i];
        }
    }

    private static long sum(MetricFamily family) {
        long total = 0;
        for (Point p : family.points()) {
            if (p instanceof CounterPoint c) {
                total += c.value();
            }
        }
        return total;
    }

    /** Rolls another period (a second) into this one (its minute). */
    void merge(PeriodTotals other) {
        for (int i = 0; i < counts.length; i++) {
            counts[i] += other.counts[i];
        }
        for (int i = 0; i < latency.length; i++) {
            latency[i].merge(other.latency[i]);
        }
        connectionSum += other.connectionSum;
        connectionSamples += other.connectionSamples;
        other.services.forEach((k, v) -> add(services, k, v));
        other.routes.forEach((k, v) -> add(routes, k, v));
        other.consumers.forEach((k, v) -> add(consumers, k, v));
        other.consumerRoutes.forEach((k, v) -> add(consumerRoutes, k, v));
        for (int kind = 0; kind < statusOther.length; kind++) {
            for (int c = 0; c < 5; c++) {
                statusOther[kind][c] += other.statusOther[kind][c];
            }
        }
    }

    /** A copy for the shared store: the counts, the histograms' buckets and each name kind's top {@code n}. */
    StoredPoint freeze(Resolution resolution, long periodStart, int n) {
        StoredPoint.Histogram[] histograms = new StoredPoint.Histogram[latency.length];
        for (int i = 0; i < latency.length; i++) {
            histograms[i] = latency[i].freeze();
        }
        return new StoredPoint(resolution, periodStart, counts.clone(), histograms, connectionSum, connectionSamples,
                top(services, n, s -> s, s -> null), top(routes, n, RouteKey::service, RouteKey::route),
                top(consumers, n, s -> s, s -> null), StatusCodeLog.entries(this, n));
    }

    private static <K> java.util.List<StoredPoint.Named> top(Map<K, long[]> totals, int n,
            java.util.function.Function<K, String> first, java.util.function.Function<K, String> second) {
        return totals.entrySet().stream()
                .sorted(java.util.Comparator.<Map.Entry<K, long[]>>comparingLong(e -> -e.getValue()[0])
                        .thenComparing(e -> first.apply(e.getKey()))
                        .thenComparing(e -> String.valueOf(second.apply(e.getKey()))))
                .limit(n)
                .map(e -> new StoredPoint.Named(first.apply(e.getKey()), second.apply(e.getKey()), e.getValue()[0]))
                .toList();
    }

    /** Adds one node's stored period: how the cluster view sums its nodes. */
    void merge(StoredPoint point) {
        for (int i = 0; i < counts.length; i++) {
            counts[i] += point.counts()[i];
        }
        for (int i = 0; i < latency.length; i++) {
            if (point.latency()[i] != null) {
                latency[i].merge(point.latency()[i]);
            }
        }
        connectionSum += point.connectionSum();
        connectionSamples += point.connectionSamples();
        for (StoredPoint.Named e : point.services()) {
            bump(services, e.first(), e.requests(), -1);
        }
        for (StoredPoint.Named e : point.routes()) {
            bump(routes, new RouteKey(e.first(), e.second()), e.requests(), -1);
        }
        for (StoredPoint.Named e : point.consumers()) {
            bump(consumers, e.first(), e.requests(), -1);
        }
        // the status classes go into the same per-name arrays as the top names' requests, but only
        // into the class slots: the top names' requests come from the lists above
        for (StoredPoint.StatusEntry e : point.statusCodes()) {
            long[] target = e.other() ? null : switch (StatusCodeLog.Kind.values()[e.kind()]) {
                case SERVICE -> services.computeIfAbsent(e.service(), k -> new long[NAME_FIELDS]);
                case ROUTE -> routes.computeIfAbsent(new RouteKey(e.service(), e.route()), k -> new long[NAME_FIELDS]);
                case CONSUMER -> consumers.computeIfAbsent(e.consumer(), k -> new long[NAME_FIELDS]);
                case CONSUMER_ROUTE -> consumerRoutes.computeIfAbsent(
                        new ConsumerRouteKey(e.consumer(), e.service(), e.route()), k -> new long[NAME_FIELDS]);
            };
            for (int c = 0; c < 5; c++) {
                if (target == null) {
                    statusOther[e.kind()][c] += e.classes()[c];
                } else {
                    target[CLASS_AT + c] += e.classes()[c];
                }
            }
        }
    }

    /** Writes min, avg, max and percentiles of each histogram (NaN when it saw nothing), then the connections. */
    void values(double[] into, int offset) {
        for (int i = 0; i < latency.length; i++) {
            latency[i].stats(into, offset + i * Fields.STATS);
        }
        into[offset + Fields.CONNECTIONS] = connectionSamples == 0 ? Double.NaN : connectionSum / connectionSamples;
    }

    /** One latency histogram merged over every route: buckets add up, so percentiles stay bucket-accurate. */
    private static final class Latency {
        private long[] bounds = new long[0];
        private long[] buckets = new long[1];
        private long count;
        private long sum;
        private long min = Long.MAX_VALUE;
        private long max = Long.MIN_VALUE;
        private double scale = 1e-9;

        void reset() {
            Arrays.fill(buckets, 0);
            count = 0;
            sum = 0;
            min = Long.MAX_VALUE;
            max = Long.MIN_VALUE;
        }

        void add(MetricFamily family) {
            MetricDescriptor d = family.descriptor();
            shape(d.bucketBounds(), d.unit().scale());
            for (Point p : family.points()) {
                if (p instanceof HistogramPoint h && h.count() > 0 && h.bucketSlots() == buckets.length) {
                    for (int i = 0; i < buckets.length; i++) {
                        buckets[i] += h.bucket(i);
                    }
                    count += h.count();
                    sum += h.sum();
                    min = Math.min(min, h.min());
                    max = Math.max(max, h.max());
                }
            }
        }

        void merge(Latency other) {
            if (other.count == 0) {
                return;
            }
            shape(other.bounds, other.scale);
            for (int i = 0; i < buckets.length; i++) {
                buckets[i] += other.buckets[i];
            }
            count += other.count;
            sum += other.sum;
            min = Math.min(min, other.min);
            max = Math.max(max, other.max);
        }

        StoredPoint.Histogram freeze() {
            return count == 0 ? null : new StoredPoint.Histogram(bounds, buckets.clone(), count, sum, min, max);
        }

        void merge(StoredPoint.Histogram other) {
            if (count > 0 && !Arrays.equals(bounds, other.bounds())) {
                // nodes configured with other latency-buckets cannot be added bucket by bucket: the
                // period's latency is that of the nodes sharing the first layout (counts still add)
                return;
            }
            shape(other.bounds(), scale);
            if (other.buckets().length != buckets.length) {
                return;
            }
            for (int i = 0; i < buckets.length; i++) {
                buckets[i] += other.buckets()[i];
            }
            count += other.count();
            sum += other.sum();
            min = Math.min(min, other.min());
            max = Math.max(max, other.max());
        }

        /** Adopts the family's layout; the catalogue never changes it while running, so this copies once. */
        private void shape(long[] newBounds, double newScale) {
            scale = newScale;
            if (!Arrays.equals(bounds, newBounds)) {
                bounds = newBounds.clone();
                buckets = new long[bounds.length + 1];
                count = 0;
                sum = 0;
                min = Long.MAX_VALUE;
                max = Long.MIN_VALUE;
            }
        }

        void stats(double[] into, int at) {
            if (count == 0) {
                Arrays.fill(into, at, at + Fields.STATS, Double.NaN);
                return;
            }
            into[at + Fields.MIN] = toBase(min);
            into[at + Fields.AVG] = toBase((double) sum / count);
            into[at + Fields.MAX] = toBase(max);
            HistogramPoint merged = new HistogramPoint(Labels.EMPTY, buckets, count, sum, min, max);
            for (int q = 0; q < Fields.QUANTILES.length; q++) {
                into[at + Fields.P50 + q] = toBase(HistogramStats.percentile(bounds, merged, Fields.QUANTILES[q]));
            }
        }

        /** Divides nanoseconds by 1e9 rather than multiplying by 1e-9, so 3 ms reads as exactly 0.003. */
        private double toBase(double raw) {
            return scale < 1 ? raw / Math.rint(1 / scale) : raw * scale;
        }
    }
}
