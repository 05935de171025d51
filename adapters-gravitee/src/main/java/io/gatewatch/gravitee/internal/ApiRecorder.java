package io.gatewatch.gravitee.internal;

import io.gatewatch.api.GatewayMetrics;
import io.gatewatch.api.HttpMethod;
import io.gatewatch.api.ResponseSource;
import io.gatewatch.api.RouteMetrics;
import io.gatewatch.api.adapter.RouteHandles;
import io.gatewatch.api.adapter.SourceRules;
import io.gravitee.reporter.api.v4.metric.Metrics;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Maps one Gravitee request's metrics onto gatewatch's labels with the adapters' one rule set:
 * route = the API id, service = the API name, consumer = the application id.
 */
public final class ApiRecorder {
    /** The API id (and application id) Gravitee's not-found processor reports when no API matched. */
    static final String UNKNOWN_API = "1";

    private static final HttpMethod[] METHODS = methods();

    private final RouteHandles handles;
    private final AtomicInteger resolved = new AtomicInteger();

    public ApiRecorder(GatewayMetrics metrics) {
        this.handles = new RouteHandles(new CountingResolutions(metrics, resolved));
        resolved.set(0);   // the gateway's own handles (no_route and the like) are not an API's
    }

    public void record(Metrics m) {
        int status = m.getStatus();
        HttpMethod method = m.getHttpMethod() == null ? HttpMethod.OTHER : METHODS[m.getHttpMethod().ordinal()];
        long totalNanos = TimeUnit.MILLISECONDS.toNanos(Math.max(0, m.getGatewayResponseTimeMs()));
        long bytesIn = Math.max(0, m.getRequestContentLength());
        long bytesOut = Math.max(0, m.getResponseContentLength());
        String apiId = m.getApiId();
        if (apiId == null || apiId.equals(UNKNOWN_API)) {
            ResponseSource source = SourceRules.unrouted(status);
            SourceRules.unroutedHandle(handles, source, false).record(method, status, source, totalNanos,
                    RouteMetrics.NO_UPSTREAM, bytesIn, bytesOut, null);
            return;
        }
        String name = m.getApiName();
        RouteMetrics route = handles.route(name == null || name.isBlank() ? apiId : name, apiId);
        // Gravitee names the endpoint it called; an endpoint that answered has a response time
        boolean attempted = m.getEndpoint() != null || m.getEndpointResponseTimeMs() > 0;
        // an error key on a 5xx after the endpoint was called means the call itself failed
        // (connection refused, timeout); a 4xx with an error key is a response policy's refusal
        boolean answered = attempted && (m.getErrorKey() == null || status < 500);
        ResponseSource source = SourceRules.routed(status, attempted, answered);
        if (source == ResponseSource.RATE_LIMITED) {
            route.rateLimited();
        }
        long upstreamNanos = attempted ? TimeUnit.MILLISECONDS.toNanos(Math.max(0, m.getEndpointResponseTimeMs()))
                : RouteMetrics.NO_UPSTREAM;
        String application = m.getApplicationId();
        RouteMetrics.Consumer consumer = application == null || application.equals(UNKNOWN_API) ? null
                : handles.consumer(application);
        route.record(method, status, source, totalNanos, upstreamNanos, bytesIn, bytesOut, consumer);
    }

    public int resolvedApis() {
        return resolved.get();
    }

    private static HttpMethod[] methods() {
        io.gravitee.common.http.HttpMethod[] gravitee = io.gravitee.common.http.HttpMethod.values();
        HttpMethod[] ours = new HttpMethod[gravitee.length];
        for (io.gravitee.common.http.HttpMethod m : gravitee) {
            ours[m.ordinal()] = HttpMethod.of(m.name());
        }
        return ours;
    }
}
