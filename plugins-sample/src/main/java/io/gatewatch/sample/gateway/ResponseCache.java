package io.gatewatch.sample.gateway;

import io.gatewatch.api.CacheMetrics;
import java.util.LinkedHashMap;
import java.util.Map;

/** A small LRU cache of successful GET responses with a time to live. */
final class ResponseCache {
    record Entry(int status, String contentType, byte[] body, long expiresAt) {
    }

    private final long ttlNanos;
    private final CacheMetrics metrics;
    private final Map<String, Entry> entries;

    ResponseCache(long ttlNanos, int maxEntries, CacheMetrics metrics) {
        this.ttlNanos = ttlNanos;
        this.metrics = metrics;
        this.entries = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Entry> eldest) {
                return size() > maxEntries;
            }
        };
    }

    synchronized Entry get(String key, long now) {
        Entry e = entries.get(key);
        if (e == null || e.expiresAt() < now) {
            if (e != null) {
                entries.remove(key);
            }
            metrics.miss();
            return null;
        }
        metrics.hit();
        return e;
    }

    synchronized void put(String key, int status, String contentType, byte[] body, long now) {
        entries.put(key, new Entry(status, contentType, body, now + ttlNanos));
    }
}
