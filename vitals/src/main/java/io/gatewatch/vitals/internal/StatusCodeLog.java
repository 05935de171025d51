package io.gatewatch.vitals.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The requests per status class of each point's busiest services, routes, consumers and consumer
 * routes: per kind the top N names and one {@code other} entry for the rest, so a point's entries
 * add up to its requests per status class. Entries of every point and every kind go into one circular log of
 * {@code capacity} entries shared by the ring's points: a point costs only the entries it has
 * (an idle second none, a gateway with three routes a dozen), and when a flood of names fills the
 * log the oldest points lose their breakdowns (they read as absent) instead of memory growing.
 * An entry is a kind byte, three name references (the metric store's own strings) and five
 * {@code int} counts: 33 bytes.
 *
 * <p>Not thread-safe: {@link VitalsHistory} guards it.
 */
final class StatusCodeLog {
    /** The four breakdowns, by the kind byte stored with each entry. */
    enum Kind {
        SERVICE, ROUTE, CONSUMER, CONSUMER_ROUTE
    }

    private static final byte OTHER = 8;
    private static final int CLASSES = 5;

    private final int n;
    private final int capacity;
    private final byte[] kinds;
    private final String[] consumers;
    private final String[] services;
    private final String[] routes;
    private final int[] counts;
    private final long[] starts;
    private final int[] lengths;
    private long written;

    /** @param capacity entries kept over all points; at least one point's worth (4 × (n + 1)) */
    StatusCodeLog(int slots, int n, int capacity) {
        this.n = n;
        this.capacity = Math.max(capacity, 4 * (n + 1));
        this.kinds = new byte[this.capacity];
        this.consumers = new String[this.capacity];
        this.services = new String[this.capacity];
        this.routes = new String[this.capacity];
        this.counts = new int[this.capacity * CLASSES];
        this.starts = new long[slots];
        Arrays.fill(starts, -1);
        this.lengths = new int[slots];
    }

    int n() {
        return n;
    }

    /** Writes the breakdowns of {@code totals} for {@code slot}. */
    void write(int slot, PeriodTotals totals) {
        long start = written;
        for (StoredPoint.StatusEntry e : entries(totals, n)) {
            int at = next((byte) (e.kind() | (e.other() ? OTHER : 0)), e.consumer(), e.service(), e.route());
            for (int c = 0; c < CLASSES; c++) {
                counts[at * CLASSES + c] = saturated(e.classes()[c]);
            }
        }
        starts[slot] = start;
        lengths[slot] = (int) (written - start);
    }

    /**
     * Per kind, the {@code n} names with the most requests in 1xx..5xx (ties by name), then one
     * {@code other} entry for the rest when there is any: what this log keeps of a point, and what
     * the shared store writes.
     */
    static List<StoredPoint.StatusEntry> entries(PeriodTotals totals, int n) {
        List<StoredPoint.StatusEntry> out = new ArrayList<>();
        append(out, n, Kind.SERVICE, totals, totals.services, s -> null, s -> s, s -> null);
        append(out, n, Kind.ROUTE, totals, totals.routes, r -> null, PeriodTotals.RouteKey::service,
                PeriodTotals.RouteKey::route);
        append(out, n, Kind.CONSUMER, totals, totals.consumers, c -> c, c -> null, c -> null);
        append(out, n, Kind.CONSUMER_ROUTE, totals, totals.consumerRoutes, PeriodTotals.ConsumerRouteKey::consumer,
                PeriodTotals.ConsumerRouteKey::service, PeriodTotals.ConsumerRouteKey::route);
        return out;
    }

    private static <K> void append(List<StoredPoint.StatusEntry> out, int n, Kind kind, PeriodTotals totals,
                                   Map<K, long[]> names, Function<K, String> consumer, Function<K, String> service,
                                   Function<K, String> route) {
        List<Map.Entry<K, long[]>> entries = new ArrayList<>();
        for (Map.Entry<K, long[]> e : names.entrySet()) {
            if (classSum(e.getValue()) > 0) {
                entries.add(e);
            }
        }
        entries.sort(Comparator.<Map.Entry<K, long[]>>comparingLong(e -> -classSum(e.getValue()))
                .thenComparing(e -> String.valueOf(consumer.apply(e.getKey())))
                .thenComparing(e -> String.valueOf(service.apply(e.getKey())))
                .thenComparing(e -> String.valueOf(route.apply(e.getKey()))));
        int kept = Math.min(n, entries.size());
        for (int i = 0; i < kept; i++) {
            K key = entries.get(i).getKey();
            out.add(new StoredPoint.StatusEntry(kind.ordinal(), false, consumer.apply(key), service.apply(key),
                    route.apply(key), Arrays.copyOfRange(entries.get(i).getValue(), PeriodTotals.CLASS_AT,
                    PeriodTotals.CLASS_AT + CLASSES)));
        }
        long[] rest = totals.statusOther[kind.ordinal()].clone();
        for (int i = kept; i < entries.size(); i++) {
            for (int c = 0; c < CLASSES; c++) {
                rest[c] += entries.get(i).getValue()[PeriodTotals.CLASS_AT + c];
            }
        }
        if (entries.size() > kept || Arrays.stream(rest).sum() > 0) {
            out.add(new StoredPoint.StatusEntry(kind.ordinal(), true, null, null, null, rest));
        }
    }

    private static long classSum(long[] v) {
        long sum = 0;
        for (int c = 0; c < CLASSES; c++) {
            sum += v[PeriodTotals.CLASS_AT + c];
        }
        return sum;
    }

    private int next(byte kind, String consumer, String service, String route) {
        int at = (int) (written % capacity);
        written++;
        kinds[at] = kind;
        consumers[at] = consumer;
        services[at] = service;
        routes[at] = route;
        return at;
    }

    /** One point cannot see 2^31 requests of one class on one name in practice; if it does, it reads as the maximum. */
    private static int saturated(long count) {
        return (int) Math.min(count, Integer.MAX_VALUE);
    }

    /** Whether the slot's breakdowns are still held (written and not yet overwritten in the log). */
    boolean holds(int slot) {
        return starts[slot] >= 0 && written - starts[slot] <= capacity;
    }

    /** A name as the API filters and shows it; null parts do not apply to the kind. */
    record Name(String consumer, String service, String route) {
    }

    /**
     * Adds the slot's entries of {@code kind} that pass {@code filter} to {@code into} (1xx..5xx per
     * name), and its {@code other} entry to {@code other}. Call only when {@link #holds} the slot.
     */
    void addTo(int slot, Kind kind, java.util.function.Predicate<Name> filter, Map<Name, long[]> into, long[] other) {
        for (int i = 0; i < lengths[slot]; i++) {
            int at = (int) ((starts[slot] + i) % capacity);
            if ((kinds[at] & ~OTHER) != kind.ordinal()) {
                continue;
            }
            long[] target;
            if ((kinds[at] & OTHER) != 0) {
                target = other;
            } else {
                Name name = new Name(consumers[at], services[at], routes[at]);
                if (!filter.test(name)) {
                    continue;
                }
                target = into.computeIfAbsent(name, k -> new long[CLASSES]);
            }
            for (int c = 0; c < CLASSES; c++) {
                target[c] += counts[at * CLASSES + c];
            }
        }
    }
}
