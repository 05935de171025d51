package io.gatewatch.internal.store;

import io.gatewatch.api.AuthMetrics;
import io.gatewatch.api.CacheMetrics;
import java.util.HashMap;
import java.util.Map;

/** Auth outcomes of one scheme; failure counters per reason are cached after first use. */
final class AuthHandle implements AuthMetrics {
    private final String scheme;
    private final CounterSeries attempts;
    private final SeriesFamily<CounterSeries> failures;
    private final CacheMetrics cache;
    /** Copy-on-write: reasons are a handful of fixed words, read on every failure without a lock. */
    private volatile Map<String, CounterSeries> byReason = Map.of();

    AuthHandle(String scheme, CounterSeries attempts, SeriesFamily<CounterSeries> failures, CacheMetrics cache) {
        this.scheme = scheme;
        this.attempts = attempts;
        this.failures = failures;
        this.cache = cache;
    }

    @Override
    public void attempt() {
        attempts.add(1);
    }

    @Override
    public void failure(String reason) {
        CounterSeries counter = reason == null ? null : byReason.get(reason);
        if (counter == null) {
            counter = resolve(reason);
        }
        counter.add(1);
    }

    private synchronized CounterSeries resolve(String reason) {
        String r = failures.normalise(1, reason);
        CounterSeries counter = failures.resolve(new String[] {scheme, r});
        if (reason != null && byReason.size() < 64) {
            Map<String, CounterSeries> next = new HashMap<>(byReason);
            next.put(reason, counter);
            byReason = Map.copyOf(next);
        }
        return counter;
    }

    @Override
    public void cacheHit() {
        cache.hit();
    }

    @Override
    public void cacheMiss() {
        cache.miss();
    }
}
