package io.gatewatch.internal.store;

import java.util.Arrays;

/**
 * A route's request counters by (method, status, source, consumer), looked up without locks or
 * allocation. The table is immutable once published; a new combination (rare: a route sees a
 * few dozen in its life) copies it under the owner's lock. Past {@link #MAX_ENTRIES} the caller
 * resolves through the family every time: slower, never wrong.
 */
final class RequestCounters {
    static final int MAX_ENTRIES = 4096;

    private final long[] keys;
    private final CounterSeries[] values;
    private final int size;

    static final RequestCounters EMPTY = new RequestCounters(new long[16], new CounterSeries[16], 0);

    private RequestCounters(long[] keys, CounterSeries[] values, int size) {
        this.keys = keys;
        this.values = values;
        this.size = size;
    }

    /** The counter for a key, or null. Keys are stored +1 so that 0 marks an empty slot. */
    CounterSeries get(long key) {
        long stored = key + 1;
        int mask = keys.length - 1;
        for (int i = mix(key) & mask; ; i = (i + 1) & mask) {
            long k = keys[i];
            if (k == stored) {
                return values[i];
            }
            if (k == 0) {
                return null;
            }
        }
    }

    boolean full() {
        return size >= MAX_ENTRIES;
    }

    /** A copy with one more entry; grows so the table stays at most half full. */
    RequestCounters with(long key, CounterSeries counter) {
        int capacity = keys.length;
        while ((size + 1) * 2 > capacity) {
            capacity *= 2;
        }
        long[] k = new long[capacity];
        CounterSeries[] v = new CounterSeries[capacity];
        for (int i = 0; i < keys.length; i++) {
            if (keys[i] != 0) {
                put(k, v, keys[i], values[i]);
            }
        }
        put(k, v, key + 1, counter);
        return new RequestCounters(k, v, size + 1);
    }

    private static void put(long[] k, CounterSeries[] v, long stored, CounterSeries counter) {
        int mask = k.length - 1;
        int i = mix(stored - 1) & mask;
        while (k[i] != 0) {
            i = (i + 1) & mask;
        }
        k[i] = stored;
        v[i] = counter;
    }

    private static int mix(long key) {
        long h = key * 0x9E3779B97F4A7C15L;
        return (int) (h ^ (h >>> 32));
    }

    @Override
    public String toString() {
        return "RequestCounters" + Arrays.toString(Arrays.copyOf(keys, Math.min(8, keys.length)));
    }
}
