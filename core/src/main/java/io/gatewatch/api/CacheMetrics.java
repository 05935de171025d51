package io.gatewatch.api;

/** Hits and misses of one named cache (response cache, config cache, ...). */
public interface CacheMetrics {
    void hit();

    void miss();
}
