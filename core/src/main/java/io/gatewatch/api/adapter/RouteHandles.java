package io.gatewatch.api.adapter;

import io.gatewatch.api.GatewayMetrics;
import io.gatewatch.api.RouteMetrics;
import java.net.URI;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Route handles resolved once per route id and kept. A route refresh that changes a route's
 * service resolves its handle again; otherwise a request costs one map lookup.
 */
public final class RouteHandles {
    /** Route metadata key that names the service; without it the host of the route URI does. */
    public static final String SERVICE_METADATA = "service";
    /** Service and route of requests no route matched, as in every gatewatch adapter. */
    public static final String GATEWAY = "gateway";
    public static final String NO_ROUTE = "no_route";
    /** Requests answered before any route was chosen (authentication, malformed requests). */
    public static final String UNROUTED = "unrouted";
    /** Requests the application's own handlers served (actuator, controllers beside the gateway). */
    public static final String LOCAL = "local";

    private final GatewayMetrics metrics;
    private final Map<String, Entry> byRouteId = new ConcurrentHashMap<>();
    private final Map<String, RouteMetrics.Consumer> consumers = new ConcurrentHashMap<>();
    private final RouteMetrics noRoute;
    private final RouteMetrics unrouted;
    private final RouteMetrics local;

    public RouteHandles(GatewayMetrics metrics) {
        this.metrics = metrics;
        this.noRoute = metrics.route(GATEWAY, NO_ROUTE);
        this.unrouted = metrics.route(GATEWAY, UNROUTED);
        this.local = metrics.route(GATEWAY, LOCAL);
    }

    /**
     * @param routeId  the gateway's route id
     * @param uri      the route's upstream URI
     * @param metadata the route's metadata (may hold {@value #SERVICE_METADATA})
     * @param identity what the gateway keeps per route (its route object); a new one is checked again
     */
    public RouteMetrics route(String routeId, URI uri, Map<String, Object> metadata, Object identity) {
        Entry entry = byRouteId.get(routeId);
        if (entry != null && entry.identity == identity) {
            return entry.metrics;
        }
        String service = serviceOf(uri, metadata);
        if (entry == null || !entry.service.equals(service)) {
            entry = new Entry(identity, service, metrics.route(service, routeId));
        } else {
            entry = new Entry(identity, service, entry.metrics);
        }
        byRouteId.put(routeId, entry);
        return entry.metrics;
    }

    /**
     * For gateways whose routes are names without a route object (Zuul 2 routes by origin VIP): the
     * handle of {@code routeId} under {@code service}, resolved the first time and kept. A later
     * request that names another service for the same route resolves its handle again.
     */
    public RouteMetrics route(String routeId, String service) {
        Entry entry = byRouteId.get(routeId);
        if (entry != null && entry.service.equals(service)) {
            return entry.metrics;
        }
        entry = new Entry(service, service, metrics.route(service, routeId));
        byRouteId.put(routeId, entry);
        return entry.metrics;
    }

    public RouteMetrics noRoute() {
        return noRoute;
    }

    public RouteMetrics unrouted() {
        return unrouted;
    }

    public RouteMetrics local() {
        return local;
    }

    public RouteMetrics.Consumer consumer(String id) {
        RouteMetrics.Consumer consumer = consumers.get(id);
        if (consumer == null) {
            consumer = metrics.consumer(id);
            // past the cap every new id resolves to "other": keep those out of the map
            if (consumer.id().equals(id)) {
                consumers.putIfAbsent(id, consumer);
            }
        }
        return consumer;
    }

    static String serviceOf(URI uri, Map<String, Object> metadata) {
        Object declared = metadata == null ? null : metadata.get(SERVICE_METADATA);
        if (declared != null && !declared.toString().isBlank()) {
            return declared.toString();
        }
        String host = uri == null ? null : uri.getHost();
        if (host == null && uri != null && uri.getAuthority() != null) {
            host = uri.getAuthority();   // lb://users_api: not a valid host name, but the service is plain
        }
        return host == null || host.isBlank() ? GATEWAY : host;
    }

    private record Entry(Object identity, String service, RouteMetrics metrics) {
    }
}
