package io.gatewatch.servlet;

import io.gatewatch.api.ResponseSource;
import io.gatewatch.api.RouteMetrics;
import io.gatewatch.api.TraceContext;
import io.gatewatch.servlet.internal.Recordings;
import jakarta.servlet.ServletRequest;

/**
 * What a servlet gateway's own code tells gatewatch about the request it is serving: the route it
 * chose, the consumer, when it called the upstream and how that ended. {@link GatewatchFilter}
 * records everything else (method, status, times, bytes) by itself.
 *
 * <pre>{@code
 * GatewatchRequest gw = GatewatchRequest.of(request).route("users-api", "users");
 * gw.upstreamStarted();
 * try {
 *     HttpResponse<InputStream> answer = client.send(upstreamRequest, ofInputStream());
 *     copy(answer, response);
 *     gw.upstreamAnswered();          // after the upstream's body: upstream time runs to its end
 * } catch (IOException refused) {
 *     gw.upstreamFailed();
 *     response.sendError(502);
 * }
 * }</pre>
 *
 * <p>A request never given a route is counted under service {@code gateway}: route
 * {@code no_route} with source {@code no_route} when it ends in 404, else route {@code unrouted}
 * (source {@code auth} for 401 and 403, {@code gateway} for the rest), as in every gatewatch
 * adapter. The object is the filter's own record of the request, found through the request: the
 * calls allocate nothing, and route and consumer handles are resolved once per route and consumer.
 * On a request the filter does not record, every call does nothing.
 */
public interface GatewatchRequest {
    /**
     * The request attribute that holds the record once the request leaves its first dispatch (it
     * went async, or an error page is to come); {@link #of} finds the record before that too.
     */
    String ATTRIBUTE = GatewatchRequest.class.getName();

    /**
     * The record of {@code request}: the request the filter passed on (or any wrapper of it), or,
     * after the first dispatch, the container's request. A stand-in that ignores every call when no
     * filter records the request.
     */
    static GatewatchRequest of(ServletRequest request) {
        return Recordings.find(request);
    }

    /**
     * The route the gateway chose: its id (never the raw path) and the service it leads to (the
     * route's declared service, else the upstream's host name).
     */
    GatewatchRequest route(String service, String routeId);

    /**
     * The route the gateway chose, as a handle it resolved itself (once per route) from the same
     * {@code GatewayMetrics}: for frameworks that derive the service from more than a name (route
     * metadata, the route's URI) through {@link io.gatewatch.api.adapter.RouteHandles}.
     */
    GatewatchRequest route(RouteMetrics route);

    /**
     * No route took the request: one of the application's own handlers served it (a status page,
     * an actuator endpoint). Counted under route {@code local} instead of {@code unrouted} when the
     * gateway answered it (not 404, 401 or 403).
     */
    GatewatchRequest localHandler();

    /** The API client the request came from; counted per consumer when {@code gatewatch.metrics.per-consumer} is on. */
    GatewatchRequest consumer(String consumerId);

    /** The upstream call begins (a retry begins it again). */
    GatewatchRequest upstreamStarted();

    /** The upstream's response came back and was relayed: source {@code upstream}, whatever its status. */
    GatewatchRequest upstreamAnswered();

    /** The attempt ended without a response (refused, reset, timed out): source {@code upstream_unreachable}. */
    GatewatchRequest upstreamFailed();

    /**
     * The gateway answered itself for this reason ({@code RATE_LIMITED}, {@code AUTH_REJECTED},
     * {@code GATEWAY}, ...), overriding what the status would say. {@code RATE_LIMITED} also counts
     * in {@code requests_rate_limited_total}.
     */
    GatewatchRequest source(ResponseSource source);

    /**
     * The trace the request's latencies link to as exemplars, for a framework that knows the
     * current span (a tracer's observation); without it the incoming sampled {@code traceparent}
     * header is used.
     */
    GatewatchRequest trace(TraceContext trace);

    /** Whether a filter records this request (false for the stand-in {@link #of} returns otherwise). */
    boolean recorded();
}
