package io.gatewatch.vitals.internal;

import io.gatewatch.spi.support.JsonWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The metrics {@code /vitals/series} serves, by the name users type, each rendered as one or more
 * arrays aligned with the response's timestamps. An absent period is {@code null} in every array;
 * a period without requests has zero counts but {@code null} latency and ratios, because no
 * traffic is not zero latency.
 */
enum Metric {
    REQUESTS("requests", "requests") {
        @Override
        void render(JsonWriter json, SeriesRing ring, int[] slots) {
            counts(json, "total", ring, slots, Fields.REQUESTS);
        }
    },
    STATUS_CLASSES("status_classes", "requests") {
        @Override
        void render(JsonWriter json, SeriesRing ring, int[] slots) {
            for (int c = 0; c < 5; c++) {
                counts(json, (c + 1) + "xx", ring, slots, Fields.STATUS_1XX + c);
            }
        }
    },
    ERROR_RATIO("error_ratio", "ratio") {
        @Override
        void render(JsonWriter json, SeriesRing ring, int[] slots) {
            json.name("values").beginArray();
            for (int slot : slots) {
                long total = slot < 0 ? 0 : ring.count(slot, Fields.REQUESTS);
                if (total == 0) {
                    json.nullValue();
                } else {
                    json.value((double) ring.count(slot, Fields.STATUS_1XX + 4) / total);
                }
            }
            json.endArray();
        }
    },
    LATENCY("latency", "seconds") {
        @Override
        void render(JsonWriter json, SeriesRing ring, int[] slots) {
            latency(json, ring, slots, Fields.REQUEST_LATENCY);
        }
    },
    UPSTREAM_LATENCY("upstream_latency", "seconds") {
        @Override
        void render(JsonWriter json, SeriesRing ring, int[] slots) {
            latency(json, ring, slots, Fields.UPSTREAM_LATENCY);
        }
    },
    GATEWAY_LATENCY("gateway_latency", "seconds") {
        @Override
        void render(JsonWriter json, SeriesRing ring, int[] slots) {
            latency(json, ring, slots, Fields.GATEWAY_LATENCY);
        }
    },
    BYTES("bytes", "bytes") {
        @Override
        void render(JsonWriter json, SeriesRing ring, int[] slots) {
            counts(json, "in", ring, slots, Fields.BYTES_IN);
            counts(json, "out", ring, slots, Fields.BYTES_OUT);
        }
    },
    AUTH_FAILURES("auth_failures", "failures") {
        @Override
        void render(JsonWriter json, SeriesRing ring, int[] slots) {
            counts(json, "values", ring, slots, Fields.AUTH_FAILURES);
        }
    },
    CACHE_HIT_RATIO("cache_hit_ratio", "ratio") {
        @Override
        void render(JsonWriter json, SeriesRing ring, int[] slots) {
            json.name("values").beginArray();
            for (int slot : slots) {
                long hits = slot < 0 ? 0 : ring.count(slot, Fields.CACHE_HITS);
                long lookups = slot < 0 ? 0 : hits + ring.count(slot, Fields.CACHE_MISSES);
                if (lookups == 0) {
                    json.nullValue();
                } else {
                    json.value((double) hits / lookups);
                }
            }
            json.endArray();
            counts(json, "hits", ring, slots, Fields.CACHE_HITS);
            counts(json, "misses", ring, slots, Fields.CACHE_MISSES);
        }
    },
    CONNECTIONS("connections", "connections") {
        @Override
        void render(JsonWriter json, SeriesRing ring, int[] slots) {
            json.name("values").beginArray();
            for (int slot : slots) {
                json.value(slot < 0 ? Double.NaN : ring.value(slot, Fields.CONNECTIONS));
            }
            json.endArray();
        }
    },
    TOP_SERVICES("top_services", "requests") {
        @Override
        void render(JsonWriter json, SeriesRing ring, int[] slots) {
            top(json, ring, ring.services, slots, "service", null);
        }
    },
    TOP_ROUTES("top_routes", "requests") {
        @Override
        void render(JsonWriter json, SeriesRing ring, int[] slots) {
            top(json, ring, ring.routes, slots, "service", "route");
        }
    },
    TOP_CONSUMERS("top_consumers", "requests") {
        @Override
        void render(JsonWriter json, SeriesRing ring, int[] slots) {
            top(json, ring, ring.consumers, slots, "consumer", null);
        }
    },
    STATUS_CODES_BY_SERVICE("status_codes_by_service", "requests") {
        @Override
        void render(JsonWriter json, SeriesRing ring, int[] slots, NameFilter filter) {
            statusCodes(json, ring, slots, StatusCodeLog.Kind.SERVICE, filter);
        }
    },
    STATUS_CODES_BY_ROUTE("status_codes_by_route", "requests") {
        @Override
        void render(JsonWriter json, SeriesRing ring, int[] slots, NameFilter filter) {
            statusCodes(json, ring, slots, StatusCodeLog.Kind.ROUTE, filter);
        }
    },
    STATUS_CODES_BY_CONSUMER("status_codes_by_consumer", "requests") {
        @Override
        void render(JsonWriter json, SeriesRing ring, int[] slots, NameFilter filter) {
            statusCodes(json, ring, slots, StatusCodeLog.Kind.CONSUMER, filter);
        }
    },
    STATUS_CODES_BY_CONSUMER_ROUTE("status_codes_by_consumer_route", "requests") {
        @Override
        void render(JsonWriter json, SeriesRing ring, int[] slots, NameFilter filter) {
            statusCodes(json, ring, slots, StatusCodeLog.Kind.CONSUMER_ROUTE, filter);
        }
    };

    final String label;
    final String unit;

    Metric(String label, String unit) {
        this.label = label;
        this.unit = unit;
    }

    /** Writes this metric's members (its arrays, or its entries) into the current object. */
    void render(JsonWriter json, SeriesRing ring, int[] slots) {
        render(json, ring, slots, NameFilter.NONE);
    }

    /** As {@link #render(JsonWriter, SeriesRing, int[])}; the status-code breakdowns apply {@code filter}. */
    void render(JsonWriter json, SeriesRing ring, int[] slots, NameFilter filter) {
        render(json, ring, slots);
    }

    static Metric of(String label) {
        for (Metric m : values()) {
            if (m.label.equals(label)) {
                return m;
            }
        }
        return null;
    }

    static List<String> labels() {
        return Arrays.stream(values()).map(m -> m.label).toList();
    }

    /** Whether the metric needs names (top N, status codes per name), which the shared store reads separately. */
    boolean isTop() {
        return this == TOP_SERVICES || this == TOP_ROUTES || this == TOP_CONSUMERS || isStatusCodes();
    }

    boolean isStatusCodes() {
        return this == STATUS_CODES_BY_SERVICE || this == STATUS_CODES_BY_ROUTE || this == STATUS_CODES_BY_CONSUMER
                || this == STATUS_CODES_BY_CONSUMER_ROUTE;
    }

    private static void counts(JsonWriter json, String name, SeriesRing ring, int[] slots, int field) {
        json.name(name).beginArray();
        for (int slot : slots) {
            if (slot < 0) {
                json.nullValue();
            } else {
                json.value(ring.count(slot, field));
            }
        }
        json.endArray();
    }

    private static void latency(JsonWriter json, SeriesRing ring, int[] slots, int index) {
        counts(json, "count", ring, slots, Fields.LATENCY_COUNT + index);
        for (int stat = 0; stat < Fields.STATS; stat++) {
            json.name(Fields.STAT_NAMES[stat]).beginArray();
            for (int slot : slots) {
                json.value(slot < 0 ? Double.NaN : ring.value(slot, index * Fields.STATS + stat));
            }
            json.endArray();
        }
    }

    /**
     * The top N over the whole range: each point's top N entries summed by name. A name that was
     * outside a point's top N counts nothing for that point, so totals are lower bounds.
     */
    private static void top(JsonWriter json, SeriesRing ring, TopSlots which, int[] slots, String firstName,
                            String secondName) {
        Map<TopSlots.Entry, long[]> totals = new HashMap<>();
        for (int slot : slots) {
            if (slot >= 0) {
                ring.addTop(which, slot, totals);
            }
        }
        List<Map.Entry<TopSlots.Entry, long[]>> sorted = new ArrayList<>(totals.entrySet());
        sorted.sort((a, b) -> {
            int byCount = Long.compare(b.getValue()[0], a.getValue()[0]);
            if (byCount != 0) {
                return byCount;
            }
            int byFirst = a.getKey().first().compareTo(b.getKey().first());
            return byFirst != 0 || a.getKey().second() == null ? byFirst
                    : a.getKey().second().compareTo(b.getKey().second());
        });
        int n = Math.min(sorted.size(), which.n());
        json.name("entries").beginArray();
        for (int i = 0; i < n; i++) {
            Map.Entry<TopSlots.Entry, long[]> e = sorted.get(i);
            json.beginObject().member(firstName, e.getKey().first());
            if (secondName != null) {
                json.member(secondName, e.getKey().second());
            }
            json.member("requests", e.getValue()[0]).endObject();
        }
        json.endArray();
    }

    private static final String[] CLASS_NAMES = {"1xx", "2xx", "3xx", "4xx", "5xx"};

    /**
     * Requests per status class of each name over the range: every point's entries summed by name,
     * the busiest top N (by requests in 1xx..5xx, ties by name) as {@code entries}, and, unless a
     * filter narrows this breakdown, everything else (the points' {@code other} entries and the
     * names beyond the top N over the range) as {@code other}. {@code covered} counts the periods
     * whose breakdowns the store still held; only they are summed.
     */
    private static void statusCodes(JsonWriter json, SeriesRing ring, int[] slots, StatusCodeLog.Kind kind,
                                    NameFilter filter) {
        StatusCodeLog log = ring.statusCodes;
        Map<StatusCodeLog.Name, long[]> totals = new HashMap<>();
        long[] other = new long[CLASS_NAMES.length];
        int covered = 0;
        for (int slot : slots) {
            if (slot >= 0 && log.holds(slot)) {
                covered++;
                log.addTo(slot, kind, name -> filter.accepts(kind, name), totals, other);
            }
        }
        List<Map.Entry<StatusCodeLog.Name, long[]>> sorted = new ArrayList<>(totals.entrySet());
        sorted.sort(java.util.Comparator.<Map.Entry<StatusCodeLog.Name, long[]>>comparingLong(e -> -sum(e.getValue()))
                .thenComparing(e -> String.valueOf(e.getKey().consumer()))
                .thenComparing(e -> String.valueOf(e.getKey().service()))
                .thenComparing(e -> String.valueOf(e.getKey().route())));
        int n = Math.min(sorted.size(), log.n());
        for (int i = n; i < sorted.size(); i++) {
            long[] v = sorted.get(i).getValue();
            for (int c = 0; c < other.length; c++) {
                other[c] += v[c];
            }
        }
        json.member("covered", covered);
        json.name("entries").beginArray();
        for (int i = 0; i < n; i++) {
            StatusCodeLog.Name name = sorted.get(i).getKey();
            json.beginObject();
            if (name.consumer() != null) {
                json.member("consumer", name.consumer());
            }
            if (name.service() != null) {
                json.member("service", name.service());
            }
            if (name.route() != null) {
                json.member("route", name.route());
            }
            classes(json, sorted.get(i).getValue());
            json.endObject();
        }
        json.endArray();
        if (!filter.narrows(kind)) {
            json.name("other").beginObject();
            classes(json, other);
            json.endObject();
        }
    }

    private static void classes(JsonWriter json, long[] counts) {
        json.member("requests", sum(counts));
        for (int c = 0; c < CLASS_NAMES.length; c++) {
            json.member(CLASS_NAMES[c], counts[c]);
        }
    }

    private static long sum(long[] counts) {
        long total = 0;
        for (long c : counts) {
            total += c;
        }
        return total;
    }
}
