package io.gatewatch.zuul;

import com.netflix.zuul.context.SessionContext;

/**
 * What a Zuul filter may put in the request's {@link SessionContext} to label it beyond what Zuul
 * knows itself. Without them the route and the service are the origin VIP Zuul routed to, and no
 * consumer is counted.
 *
 * <pre>{@code
 * context.setRouteVIP("users-api");
 * context.put(ZuulLabels.SERVICE, "accounts");       // else service = "users-api"
 * context.put(ZuulLabels.CONSUMER, apiKey.owner());   // counted when gatewatch.metrics.per-consumer is on
 * }</pre>
 */
public final class ZuulLabels {
    /** The service label of the request's route; its route label stays the VIP. */
    public static final SessionContext.Key<String> SERVICE = SessionContext.newKey("gatewatch.service");
    /** The consumer (API client) the request is counted for. */
    public static final SessionContext.Key<String> CONSUMER = SessionContext.newKey("gatewatch.consumer");

    private ZuulLabels() {
    }
}
