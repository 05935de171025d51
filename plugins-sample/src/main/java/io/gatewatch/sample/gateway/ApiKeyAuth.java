package io.gatewatch.sample.gateway;

import io.gatewatch.api.AuthMetrics;
import io.gatewatch.sample.gateway.GatewaySettings.ConsumerSettings;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * API-key authentication against the consumers in the config. Credential lookups go through a
 * small cache with a time to live, as a gateway backed by a credential store would.
 */
final class ApiKeyAuth {
    /** Header the key travels in. */
    static final String HEADER = "X-API-Key";

    sealed interface Outcome permits Accepted, Rejected {
    }

    record Accepted(ConsumerSettings consumer) implements Outcome {
    }

    record Rejected(String reason) implements Outcome {
    }

    private record Cached(ConsumerSettings consumer, long expiresAt) {
    }

    private final Map<String, ConsumerSettings> consumersByKey;
    private final AuthMetrics metrics;
    private final long ttlNanos;
    private final Map<String, Cached> cache = new ConcurrentHashMap<>();

    ApiKeyAuth(Map<String, ConsumerSettings> consumersByKey, AuthMetrics metrics, long ttlNanos) {
        this.consumersByKey = consumersByKey;
        this.metrics = metrics;
        this.ttlNanos = ttlNanos;
    }

    Outcome authenticate(String key, long now) {
        metrics.attempt();
        if (key == null || key.isBlank()) {
            metrics.failure("missing_key");
            return new Rejected("missing_key");
        }
        Cached cached = cache.get(key);
        ConsumerSettings consumer;
        if (cached != null && cached.expiresAt() > now) {
            metrics.cacheHit();
            consumer = cached.consumer();
        } else {
            metrics.cacheMiss();
            consumer = consumersByKey.get(key);
            if (consumer != null && cache.size() < 10_000) {
                cache.put(key, new Cached(consumer, now + ttlNanos));
            }
        }
        if (consumer == null) {
            metrics.failure("invalid_key");
            return new Rejected("invalid_key");
        }
        return new Accepted(consumer);
    }
}
