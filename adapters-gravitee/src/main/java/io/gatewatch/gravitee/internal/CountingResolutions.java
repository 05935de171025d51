package io.gatewatch.gravitee.internal;

import io.gatewatch.api.AuthMetrics;
import io.gatewatch.api.CacheMetrics;
import io.gatewatch.api.CircuitBreakerMetrics;
import io.gatewatch.api.ConnectionMetrics;
import io.gatewatch.api.GatewayMetrics;
import io.gatewatch.api.Meters;
import io.gatewatch.api.RouteMetrics;
import io.gatewatch.api.UpDownCounter;
import io.gatewatch.api.UpstreamTargetMetrics;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Counts how often a route's handles are resolved, so that operators (and tests) can see that an
 * API costs one resolution, not one per request.
 */
final class CountingResolutions implements GatewayMetrics {
    private final GatewayMetrics delegate;
    private final AtomicInteger routes;

    CountingResolutions(GatewayMetrics delegate, AtomicInteger routes) {
        this.delegate = delegate;
        this.routes = routes;
    }

    @Override
    public RouteMetrics route(String service, String route) {
        routes.incrementAndGet();
        return delegate.route(service, route);
    }

    @Override
    public RouteMetrics.Consumer consumer(String consumerId) {
        return delegate.consumer(consumerId);
    }

    @Override
    public UpDownCounter inFlight() {
        return delegate.inFlight();
    }

    @Override
    public ConnectionMetrics connections(String listener) {
        return delegate.connections(listener);
    }

    @Override
    public AuthMetrics auth(String scheme) {
        return delegate.auth(scheme);
    }

    @Override
    public CacheMetrics cache(String name) {
        return delegate.cache(name);
    }

    @Override
    public CircuitBreakerMetrics circuitBreaker(String upstream) {
        return delegate.circuitBreaker(upstream);
    }

    @Override
    public UpstreamTargetMetrics upstreamTarget(String upstream, String target) {
        return delegate.upstreamTarget(upstream, target);
    }

    @Override
    public Meters meters() {
        return delegate.meters();
    }
}
