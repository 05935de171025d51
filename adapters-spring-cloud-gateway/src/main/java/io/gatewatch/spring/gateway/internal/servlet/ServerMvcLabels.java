package io.gatewatch.spring.gateway.internal.servlet;

import io.gatewatch.api.TraceContext;
import io.gatewatch.api.adapter.RouteHandles;
import io.gatewatch.servlet.GatewatchRequest;
import io.gatewatch.servlet.RequestLabeler;
import io.gatewatch.spring.gateway.internal.tracing.TraceSource;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.cloud.gateway.server.mvc.common.MvcUtils;
import org.springframework.web.filter.ServerHttpObservationFilter;
import org.springframework.web.servlet.HandlerMapping;

/**
 * What Server MVC decided about a request, read from its request attributes after each dispatch:
 * the route it took (its id, and the service from the route's metadata or URI), else whether one
 * of the application's own handlers served it, the consumer a filter named, and, with a tracer,
 * the span it made for the request. The servlet adapter's filter records everything else.
 */
public final class ServerMvcLabels implements RequestLabeler {
    /** Request attribute a filter may set to the consumer (API client) id of the request. */
    public static final String CONSUMER_ATTRIBUTE = "gatewatch.consumer";

    private final RouteHandles handles;
    private final MvcRoutes routes;
    private final TraceSource traces;

    public ServerMvcLabels(RouteHandles handles, MvcRoutes routes, TraceSource traces) {
        this.handles = handles;
        this.routes = routes;
        this.traces = traces;
    }

    @Override
    public void afterDispatch(HttpServletRequest request, GatewatchRequest recording) {
        // an ERROR dispatch may not show the route: a request keeps the one its own dispatch took
        if (request.getAttribute(MvcUtils.GATEWAY_ROUTE_ID_ATTR) instanceof String routeId) {
            MvcRoutes.Route route = routes.find(routeId, request.getAttribute(MvcUtils.GATEWAY_REQUEST_URL_ATTR));
            recording.route(handles.route(routeId, route.uri(), route.metadata(), route.identity()));
        } else if (request.getAttribute(HandlerMapping.BEST_MATCHING_HANDLER_ATTRIBUTE) != null) {
            recording.localHandler();
        }
        if (request.getAttribute(CONSUMER_ATTRIBUTE) instanceof String consumer) {
            recording.consumer(consumer);
        }
        // the incoming traceparent is the filter's to parse, once, when no span gave a trace
        if (traces != TraceSource.INCOMING_TRACEPARENT) {
            TraceContext trace = traces.of(
                    request.getAttribute(ServerHttpObservationFilter.CURRENT_OBSERVATION_CONTEXT_ATTRIBUTE), null);
            if (trace != null) {
                recording.trace(trace);
            }
        }
    }
}
