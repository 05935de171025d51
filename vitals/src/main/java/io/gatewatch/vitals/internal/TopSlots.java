package io.gatewatch.vitals.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The top N names of every slot of a ring, preallocated: per entry one or two name references and
 * a count. Names are the metric store's own label strings, so an entry costs references, not
 * copies, and the whole never exceeds {@code slots × n} entries whatever the traffic.
 */
final class TopSlots {
    private final int n;
    private final String[] first;
    private final String[] second;
    private final long[] counts;

    /** @param pairs whether entries are named by two strings (service and route) or one */
    TopSlots(int slots, int n, boolean pairs) {
        this.n = n;
        this.first = new String[slots * n];
        this.second = pairs ? new String[slots * n] : null;
        this.counts = new long[slots * n];
    }

    /** Entries kept per slot. */
    int n() {
        return n;
    }

    /** The name of an entry; {@code second} is null for single names. */
    record Entry(String first, String second) {
    }

    /** Keeps the n largest of {@code totals} in {@code slot}, by count, ties by name. */
    <K> void write(int slot, Map<K, long[]> totals, Function<K, String> firstName, Function<K, String> secondName) {
        int at = slot * n;
        Arrays.fill(first, at, at + n, null);
        if (second != null) {
            Arrays.fill(second, at, at + n, null);
        }
        Arrays.fill(counts, at, at + n, 0);
        // a name the cluster view learnt only from a node's status codes has no requests of its own here
        List<Map.Entry<K, long[]>> entries = new ArrayList<>(totals.size());
        for (Map.Entry<K, long[]> e : totals.entrySet()) {
            if (e.getValue()[0] > 0) {
                entries.add(e);
            }
        }
        entries.sort(Comparator.<Map.Entry<K, long[]>>comparingLong(e -> -e.getValue()[0])
                .thenComparing(e -> firstName.apply(e.getKey()))
                .thenComparing(e -> secondName == null ? "" : secondName.apply(e.getKey())));
        int kept = Math.min(n, entries.size());
        for (int i = 0; i < kept; i++) {
            Map.Entry<K, long[]> e = entries.get(i);
            first[at + i] = firstName.apply(e.getKey());
            if (second != null) {
                second[at + i] = secondName.apply(e.getKey());
            }
            counts[at + i] = e.getValue()[0];
        }
    }

    /** Adds the slot's entries to {@code into}, keyed by name (for totals over a range). */
    void addTo(int slot, Map<Entry, long[]> into) {
        int at = slot * n;
        for (int i = 0; i < n && first[at + i] != null; i++) {
            Entry key = new Entry(first[at + i], second == null ? null : second[at + i]);
            into.computeIfAbsent(key, k -> new long[1])[0] += counts[at + i];
        }
    }
}
