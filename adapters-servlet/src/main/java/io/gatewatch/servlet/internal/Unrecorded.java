package io.gatewatch.servlet.internal;

import io.gatewatch.api.ResponseSource;
import io.gatewatch.api.RouteMetrics;
import io.gatewatch.api.TraceContext;
import io.gatewatch.servlet.GatewatchRequest;

/** Stands in for a request no filter records, so gateway code never needs to check. */
public final class Unrecorded implements GatewatchRequest {
    public static final GatewatchRequest INSTANCE = new Unrecorded();

    private Unrecorded() {
    }

    @Override
    public GatewatchRequest route(String service, String routeId) {
        return this;
    }

    @Override
    public GatewatchRequest route(RouteMetrics route) {
        return this;
    }

    @Override
    public GatewatchRequest localHandler() {
        return this;
    }

    @Override
    public GatewatchRequest consumer(String consumerId) {
        return this;
    }

    @Override
    public GatewatchRequest upstreamStarted() {
        return this;
    }

    @Override
    public GatewatchRequest upstreamAnswered() {
        return this;
    }

    @Override
    public GatewatchRequest upstreamFailed() {
        return this;
    }

    @Override
    public GatewatchRequest source(ResponseSource source) {
        return this;
    }

    @Override
    public GatewatchRequest trace(TraceContext trace) {
        return this;
    }

    @Override
    public boolean recorded() {
        return false;
    }
}
