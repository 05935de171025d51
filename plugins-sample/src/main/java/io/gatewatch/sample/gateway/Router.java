package io.gatewatch.sample.gateway;

import io.gatewatch.api.RouteMetrics;
import io.gatewatch.sample.gateway.GatewaySettings.RouteSettings;
import java.util.Comparator;
import java.util.List;

/** Longest-prefix routing over the configured routes. */
final class Router {
    record Route(RouteSettings settings, RouteMetrics metrics, String upstreamUrl, CircuitBreaker breaker,
                 ResponseCache cache) {
    }

    private final List<Route> routes;

    Router(List<Route> routes) {
        this.routes = routes.stream()
                .sorted(Comparator.comparingInt((Route r) -> r.settings().pathPrefix().length()).reversed())
                .toList();
    }

    /** The route for a request path, or null. A prefix matches whole segments only. */
    Route match(String path) {
        for (Route r : routes) {
            String prefix = r.settings().pathPrefix();
            if (path.startsWith(prefix) && (path.length() == prefix.length() || prefix.endsWith("/")
                    || path.charAt(prefix.length()) == '/')) {
                return r;
            }
        }
        return null;
    }
}
