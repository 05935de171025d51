package io.gatewatch.zuul.internal;

import com.netflix.zuul.context.CommonContextKeys;
import com.netflix.zuul.context.SessionContext;
import com.netflix.zuul.message.HeaderName;
import com.netflix.zuul.message.http.HttpRequestInfo;
import com.netflix.zuul.message.http.HttpResponseMessage;
import com.netflix.zuul.passport.CurrentPassport;
import com.netflix.zuul.stats.status.StatusCategory;
import com.netflix.zuul.stats.status.StatusCategoryUtils;
import io.gatewatch.api.GatewayMetrics;
import io.gatewatch.api.ResponseSource;
import io.gatewatch.api.RouteMetrics;
import io.gatewatch.api.adapter.RouteHandles;
import io.gatewatch.api.adapter.SampledTraceParent;
import io.gatewatch.api.adapter.SourceRules;
import io.gatewatch.zuul.ZuulLabels;
import javax.inject.Provider;

/** Maps one finished Zuul request onto the recording API with the rules every adapter follows. */
public final class ZuulRequestRecorder {
    /** Resolved once: a header looked up by name is normalised on every call. */
    private static final HeaderName TRACEPARENT = new HeaderName("traceparent");

    private final RouteHandles handles;

    public ZuulRequestRecorder(GatewayMetrics metrics) {
        this.handles = new RouteHandles(metrics);
    }

    public void record(HttpRequestInfo request, HttpResponseMessage response) {
        SessionContext context = request.getContext();
        CurrentPassport passport = CurrentPassport.fromSessionContext(context);
        long now = System.nanoTime();
        long start = passport == null ? now : PassportTimes.start(passport);
        long end = passport == null ? now : PassportTimes.end(passport, now);
        long upstreamStart = passport == null ? -1 : PassportTimes.upstreamStart(passport);
        boolean answered = passport != null && PassportTimes.upstreamAnswered(passport);
        long upstream = passport == null
                ? RouteMetrics.NO_UPSTREAM
                : PassportTimes.upstream(passport, upstreamStart, answered, end);

        int status = response == null ? SourceRules.CLIENT_CLOSED : response.getStatus();
        StatusCategory category = StatusCategoryUtils.getStatusCategory(context);
        String vip = context.getRouteVIP();
        boolean routed = vip != null && !vip.isEmpty() && !ZuulSources.noRoute(category);

        RouteMetrics route;
        ResponseSource source;
        if (routed) {
            String service = context.get(ZuulLabels.SERVICE);
            route = handles.route(service == null ? vip : service, vip);
            if (ZuulSources.throttled(category)) {
                source = ResponseSource.RATE_LIMITED;
                route.rateLimited();
            } else {
                boolean attempted = upstreamStart >= 0 || ZuulSources.originUnreachable(category);
                source = SourceRules.routed(status, attempted, answered);
                if (source == ResponseSource.RATE_LIMITED) {
                    route.rateLimited();
                }
            }
        } else {
            source = ZuulSources.noRoute(category) ? ResponseSource.NO_ROUTE : SourceRules.unrouted(status);
            route = SourceRules.unroutedHandle(handles, source, context.getEndpoint() != null);
        }

        String consumerId = context.get(ZuulLabels.CONSUMER);
        route.record(ZuulMethods.of(request.getMethod()), status, source,
                Math.max(0, end - start), upstream,
                bodySize(context.get(CommonContextKeys.REQ_BODY_SIZE_PROVIDER)),
                bodySize(context.get(CommonContextKeys.RESP_BODY_SIZE_PROVIDER)),
                consumerId == null ? null : handles.consumer(consumerId),
                SampledTraceParent.parse(request.getHeaders().getFirst(TRACEPARENT)));
    }

    private static long bodySize(Provider<Long> provider) {
        Long size = provider == null ? null : provider.get();
        return size == null ? 0 : size;
    }
}
