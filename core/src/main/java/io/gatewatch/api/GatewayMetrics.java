package io.gatewatch.api;

/**
 * What a gateway records through: the gateway metric catalogue plus {@link #meters()} for
 * anything else. Resolve handles once (per route, per consumer, per listener) and keep them;
 * the handles are what the request path calls.
 *
 * <pre>{@code
 * GatewayMetrics metrics = gatewatch.metrics();
 * RouteMetrics route = metrics.route("accounts", "get-user");
 * metrics.inFlight().increment();
 * ... serve ...
 * metrics.inFlight().decrement();
 * route.record(HttpMethod.GET, 200, ResponseSource.UPSTREAM, total, upstream, in, out);
 * }</pre>
 *
 * <p>Every method is thread-safe. Label values are normalised (empty values become
 * {@code unknown}, oversized ones are cut, and past the series cap a value becomes {@code other}).
 */
public interface GatewayMetrics {
    RouteMetrics route(String service, String route);

    /** Resolves a consumer (API client) for per-consumer request counts. */
    RouteMetrics.Consumer consumer(String consumerId);

    /** Requests currently being served by the gateway. */
    UpDownCounter inFlight();

    ConnectionMetrics connections(String listener);

    AuthMetrics auth(String scheme);

    CacheMetrics cache(String name);

    CircuitBreakerMetrics circuitBreaker(String upstream);

    UpstreamTargetMetrics upstreamTarget(String upstream, String target);

    Meters meters();
}
