package io.gatewatch.spring.gateway.example;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.cloud.gateway.filter.ratelimit.KeyResolver;
import org.springframework.cloud.gateway.filter.ratelimit.RateLimiter;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import reactor.core.publisher.Mono;

/**
 * The request rate limiter without Redis: a fixed one-second window per client, in memory. Good
 * for one node and for this example; a cluster wants SCG's Redis limiter.
 */
@Configuration(proxyBeanMethods = false)
class InMemoryRateLimiter {
    static final int PER_SECOND = 20;

    @Bean
    KeyResolver apiKeyResolver() {
        return exchange -> Mono.just(String.valueOf(exchange.getRequest().getHeaders().getFirst(ApiKeyFilter.HEADER)));
    }

    @Bean
    RateLimiter<Object> fixedWindowLimiter() {
        Map<String, AtomicLong> windows = new ConcurrentHashMap<>();
        return new RateLimiter<>() {
            @Override
            public Mono<Response> isAllowed(String routeId, String id) {
                long second = System.currentTimeMillis() / 1000;
                AtomicLong window = windows.computeIfAbsent(routeId + '/' + id, k -> new AtomicLong());
                long seen = window.updateAndGet(v -> (v >>> 20) == second ? v + 1 : (second << 20) | 1);
                return Mono.just(new Response((seen & 0xFFFFF) <= PER_SECOND, Map.of()));
            }

            @Override
            public Map<String, Object> getConfig() {
                return Map.of();
            }

            @Override
            public Class<Object> getConfigClass() {
                return Object.class;
            }

            @Override
            public Object newConfig() {
                return new Object();
            }
        };
    }
}
