package io.gatewatch.vertx.internal;

import io.gatewatch.api.RouteMetrics;
import io.gatewatch.api.adapter.RouteHandles;
import java.util.Map;

/**
 * A Vert.x Web route's handle: its service from {@code gatewatch.vertx.services}, else the host of
 * the upstream it called. Vert.x's metrics SPI hands over only the route's name (its path unless it
 * was named), not the route, so route metadata cannot be read here.
 */
final class RouteLookup {
    /** Identity of a route's handle when it called no upstream. */
    private static final Object NO_UPSTREAM = new Object();

    private final RouteHandles handles;
    private final Map<String, String> services;

    RouteLookup(RouteHandles handles, Map<String, String> services) {
        this.handles = handles;
        this.services = Map.copyOf(services);
    }

    RouteHandles handles() {
        return handles;
    }

    /**
     * @param route    the route's name, or {@code null} for a request no route took that still
     *                 called an upstream (a plain {@code HttpProxy} as the server's handler)
     * @param upstream the upstream it called, or {@code null}
     */
    RouteMetrics of(String route, Upstream upstream) {
        String id = route == null ? RouteHandles.UNROUTED : route;
        String service = services.get(id);
        if (service != null) {
            return handles.route(service, id);   // a declared service does not depend on the upstream
        }
        return handles.route(id, upstream == null ? null : upstream.uri, null, upstream != null ? upstream : NO_UPSTREAM);
    }
}
