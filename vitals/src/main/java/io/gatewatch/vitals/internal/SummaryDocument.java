package io.gatewatch.vitals.internal;

import io.gatewatch.spi.support.JsonWriter;

/**
 * The {@code /vitals/summary} document: the node, the history's extent, and totals over the last
 * minute, 5 minutes, hour (from 1-second points) and day (from 1-minute points), with the top
 * services, routes and consumers of the last 5 minutes. Figures over periods without data are
 * {@code null}.
 */
final class SummaryDocument {
    private record Window(String name, Resolution resolution, int periods) {
    }

    private static final Window[] WINDOWS = {
        new Window("1m", Resolution.FINE, 60),
        new Window("5m", Resolution.FINE, 300),
        new Window("1h", Resolution.FINE, 3600),
        new Window("24h", Resolution.COARSE, 1440),
    };

    /** The summary's top names are those of the last 5 minutes of 1-second points. */
    static final int TOP_PERIODS = 300;

    private SummaryDocument() {
    }

    /** How many periods of {@code resolution} the summary's windows reach back at most. */
    static int periods(Resolution resolution) {
        int n = 0;
        for (Window w : WINDOWS) {
            if (w.resolution == resolution) {
                n = Math.max(n, w.periods);
            }
        }
        return n;
    }

    /**
     * @param store what the figures come from: {@code memory} (this node) or {@code postgres}
     * @param nodes the nodes added up, as asked ({@code all} or node ids); null for this node's memory
     */
    static String render(VitalsHistory.View view, VitalsHistory history, String nodeId, String store, String nodes,
                         long nowMillis) {
        JsonWriter json = new JsonWriter().beginObject()
                .member("nodeId", nodeId)
                .member("store", store);
        if (nodes != null) {
            json.member("nodes", nodes);
        }
        json.member("now", nowMillis)
                .member("topN", history.settings().topN());
        json.name("resolutions").beginArray();
        for (Resolution r : Resolution.values()) {
            SeriesRing ring = view.ring(r);
            long latest = ring.latestPeriod();
            int slots = r == Resolution.FINE ? history.settings().fineSlots() : history.settings().coarseSlots();
            json.beginObject().member("resolution", r.label).member("step", r.stepMillis)
                    .member("retention", slots * r.stepMillis).member("slots", slots);
            json.name("latest");
            if (latest == Long.MIN_VALUE) {
                json.nullValue();
            } else {
                json.value(latest * r.stepMillis);
            }
            json.endObject();
        }
        json.endArray();
        json.name("windows").beginObject();
        for (Window w : WINDOWS) {
            SeriesRing ring = view.ring(w.resolution);
            int[] slots = lastComplete(ring, w.resolution, Math.min(w.periods, ring.slots), nowMillis);
            json.name(w.name).beginObject().member("resolution", w.resolution.label);
            window(json, ring, slots, w.resolution);
            json.endObject();
        }
        json.endObject();
        SeriesRing fine = view.ring(Resolution.FINE);
        int[] last5m = lastComplete(fine, Resolution.FINE, Math.min(TOP_PERIODS, fine.slots), nowMillis);
        for (Metric top : new Metric[] {Metric.TOP_SERVICES, Metric.TOP_ROUTES, Metric.TOP_CONSUMERS}) {
            json.name(top.label).beginObject();
            top.render(json, fine, last5m);
            json.endObject();
        }
        return json.endObject().toString();
    }

    /** The slots of the last {@code n} periods that ended before now (-1 for absent ones). */
    private static int[] lastComplete(SeriesRing ring, Resolution r, int n, long nowMillis) {
        long nowPeriod = Math.floorDiv(nowMillis, r.stepMillis);
        int[] slots = new int[n];
        for (int i = 0; i < n; i++) {
            slots[i] = ring.find(nowPeriod - n + i, nowPeriod);
        }
        return slots;
    }

    private static void window(JsonWriter json, SeriesRing ring, int[] slots, Resolution r) {
        long[] totals = new long[Fields.COUNT_FIELDS];
        int withData = 0;
        double connections = Double.NaN;
        double[] weighted = new double[3];
        double[] max = {Double.NaN, Double.NaN, Double.NaN};
        double[] worstP99 = {Double.NaN, Double.NaN, Double.NaN};
        for (int slot : slots) {
            if (slot < 0) {
                continue;
            }
            withData++;
            for (int f = 0; f < totals.length; f++) {
                totals[f] += ring.count(slot, f);
            }
            for (int h = 0; h < 3; h++) {
                long n = ring.count(slot, Fields.LATENCY_COUNT + h);
                if (n > 0) {
                    weighted[h] += ring.value(slot, h * Fields.STATS + Fields.AVG) * n;
                    max[h] = maxOf(max[h], ring.value(slot, h * Fields.STATS + Fields.MAX));
                    worstP99[h] = maxOf(worstP99[h], ring.value(slot, h * Fields.STATS + Fields.P99));
                }
            }
            double c = ring.value(slot, Fields.CONNECTIONS);
            if (!Double.isNaN(c)) {
                connections = c;
            }
        }
        json.member("points", withData);
        if (withData == 0) {
            json.name("requests").nullValue();
            return;
        }
        long requests = totals[Fields.REQUESTS];
        json.member("requests", requests)
                .member("rate", requests / (withData * (r.stepMillis / 1000.0)));
        json.name("status_classes").beginObject();
        for (int c = 0; c < 5; c++) {
            json.member((c + 1) + "xx", totals[Fields.STATUS_1XX + c]);
        }
        json.endObject();
        json.member("error_ratio", requests == 0 ? Double.NaN : (double) totals[Fields.STATUS_1XX + 4] / requests);
        String[] names = {"latency", "upstream_latency", "gateway_latency"};
        for (int h = 0; h < 3; h++) {
            long n = totals[Fields.LATENCY_COUNT + h];
            json.name(names[h]).beginObject()
                    .member("count", n)
                    .member("avg", n == 0 ? Double.NaN : weighted[h] / n)
                    .member("max", max[h])
                    .member("worst_p99", worstP99[h])
                    .endObject();
        }
        json.name("bytes").beginObject().member("in", totals[Fields.BYTES_IN])
                .member("out", totals[Fields.BYTES_OUT]).endObject();
        json.member("auth_failures", totals[Fields.AUTH_FAILURES]);
        long lookups = totals[Fields.CACHE_HITS] + totals[Fields.CACHE_MISSES];
        json.member("cache_hit_ratio", lookups == 0 ? Double.NaN : (double) totals[Fields.CACHE_HITS] / lookups);
        json.member("connections", connections);
    }

    private static double maxOf(double a, double b) {
        return Double.isNaN(a) ? b : Double.isNaN(b) ? a : Math.max(a, b);
    }
}
