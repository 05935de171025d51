package io.gatewatch.spring.gateway.internal.reactive;

import io.gatewatch.api.CacheMetrics;
import io.gatewatch.api.GatewayMetrics;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.cloud.gateway.filter.GatewayFilter;
import org.springframework.cloud.gateway.filter.OrderedGatewayFilter;
import org.springframework.cloud.gateway.route.Route;

/**
 * SCG's local response cache, per route ({@code cache} label = route id). The cache answers a GET
 * without calling the upstream: a cached route's GET that made no upstream attempt and succeeded is
 * a hit, one that went to the upstream a miss. Which routes cache is decided once per route: those
 * with the {@code LocalResponseCache} filter, or every route when the global cache is on.
 */
final class ResponseCaches {
    private static final String ROUTE_FILTER = "org.springframework.cloud.gateway.filter.factory.cache.ResponseCacheGatewayFilter";
    private static final CacheMetrics NOT_CACHED = new CacheMetrics() {
        @Override
        public void hit() {
        }

        @Override
        public void miss() {
        }
    };

    private final GatewayMetrics metrics;
    private final boolean everyRoute;
    private final Map<String, Entry> byRouteId = new ConcurrentHashMap<>();

    ResponseCaches(GatewayMetrics metrics, boolean everyRoute) {
        this.metrics = metrics;
        this.everyRoute = everyRoute;
    }

    /** The route's cache counters, or a no-op when the route does not cache. */
    CacheMetrics of(Route route) {
        Entry entry = byRouteId.get(route.getId());
        if (entry == null || entry.route != route) {
            entry = new Entry(route, everyRoute || hasCacheFilter(route) ? metrics.cache(route.getId()) : NOT_CACHED);
            byRouteId.put(route.getId(), entry);
        }
        return entry.cache;
    }

    private static boolean hasCacheFilter(Route route) {
        for (GatewayFilter filter : route.getFilters()) {
            GatewayFilter inner = filter instanceof OrderedGatewayFilter ordered ? ordered.getDelegate() : filter;
            if (inner.getClass().getName().equals(ROUTE_FILTER)) {
                return true;
            }
        }
        return false;
    }

    private record Entry(Route route, CacheMetrics cache) {
    }
}
