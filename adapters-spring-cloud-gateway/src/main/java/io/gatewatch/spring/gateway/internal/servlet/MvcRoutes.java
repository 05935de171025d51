package io.gatewatch.spring.gateway.internal.servlet;

import java.net.URI;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.cloud.gateway.server.mvc.config.GatewayMvcProperties;
import org.springframework.cloud.gateway.server.mvc.config.RouteProperties;

/**
 * What Server MVC knows of a route beyond its id: its URI and metadata from the
 * {@code spring.cloud.gateway.server.webmvc.routes} properties, or, for routes declared in Java,
 * the URL the request was sent to. Looked up once per route id.
 */
public final class MvcRoutes {
    private final ObjectProvider<GatewayMvcProperties> properties;
    private final Map<String, Route> byId = new ConcurrentHashMap<>();

    public MvcRoutes(ObjectProvider<GatewayMvcProperties> properties) {
        this.properties = properties;
    }

    Route find(String routeId, Object requestUrl) {
        Route route = byId.get(routeId);
        if (route == null) {
            route = lookup(routeId, requestUrl);
            byId.put(routeId, route);
        }
        return route;
    }

    private Route lookup(String routeId, Object requestUrl) {
        GatewayMvcProperties props = properties.getIfAvailable();
        if (props != null) {
            RouteProperties declared = props.getRoutesMap().get(routeId);
            if (declared == null) {
                declared = props.getRoutes().stream().filter(r -> routeId.equals(r.getId())).findFirst().orElse(null);
            }
            if (declared != null) {
                return new Route(declared.getUri(), declared.getMetadata(), declared);
            }
        }
        URI uri = requestUrl instanceof URI u ? u : null;
        return new Route(uri, Map.of(), routeId);
    }

    record Route(URI uri, Map<String, Object> metadata, Object identity) {
    }
}
