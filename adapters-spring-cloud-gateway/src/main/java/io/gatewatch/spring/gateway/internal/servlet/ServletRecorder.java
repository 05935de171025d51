package io.gatewatch.spring.gateway.internal.servlet;

import io.gatewatch.api.ResponseSource;
import io.gatewatch.api.RouteMetrics;
import io.gatewatch.api.TraceContext;
import io.gatewatch.api.UpDownCounter;
import io.gatewatch.api.adapter.RouteHandles;
import io.gatewatch.api.adapter.SourceRules;
import io.gatewatch.spring.gateway.internal.tracing.TraceSource;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.web.filter.ServerHttpObservationFilter;
import org.springframework.web.servlet.HandlerMapping;

/**
 * The outermost servlet filter, registered for the REQUEST, ERROR and ASYNC dispatches: it sees
 * every request (those no route matched, those Spring Security refused) and every byte written,
 * including the error page the container renders in its ERROR dispatch after {@code sendError} or
 * an exception. A request is recorded at the end of its last dispatch.
 */
public final class ServletRecorder implements Filter {
    /** Request attribute a filter may set to the consumer (API client) id of the request. */
    public static final String CONSUMER_ATTRIBUTE = "gatewatch.consumer";

    private final RouteHandles handles;
    private final UpDownCounter inFlight;
    private final MvcRoutes routes;
    private final TraceSource traces;

    public ServletRecorder(RouteHandles handles, UpDownCounter inFlight, MvcRoutes routes, TraceSource traces) {
        this.handles = handles;
        this.inFlight = inFlight;
        this.routes = routes;
        this.traces = traces;
    }

    @Override
    public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain) throws IOException, ServletException {
        if (!(req instanceof HttpServletRequest request) || !(res instanceof HttpServletResponse response)) {
            chain.doFilter(req, res);
            return;
        }
        ServletRecording recording = ServletRecording.of(request);
        HttpServletRequest forwarded = request;
        if (recording == null) {
            recording = new ServletRecording(request, System.nanoTime());
            request.setAttribute(ServletRecording.ATTRIBUTE, recording);
            inFlight.increment();
            forwarded = new CountingStreams.Request(request, recording);
        }
        if (request.getDispatcherType() == DispatcherType.ERROR) {
            recording.errorPending = false;
        }
        CountingStreams.Response counting = new CountingStreams.Response(response, recording);
        boolean failed = true;
        try {
            chain.doFilter(forwarded, counting);
            counting.finishWriting();
            failed = false;
        } finally {
            afterDispatch(request, response, recording, failed);
        }
    }

    private void afterDispatch(HttpServletRequest request, HttpServletResponse response, ServletRecording recording,
                               boolean failed) {
        recording.noteRoute(request);
        if (request.isAsyncStarted()) {
            ServletRecording r = recording;
            request.getAsyncContext().addListener(new AsyncListener() {
                @Override
                public void onComplete(AsyncEvent event) {
                    finish(request, response, r);
                }

                @Override
                public void onTimeout(AsyncEvent event) {
                    finish(request, response, r);
                }

                /** The client went away (or writing failed): record now, not when the async timeout ends it. */
                @Override
                public void onError(AsyncEvent event) {
                    finish(request, response, r);
                }

                @Override
                public void onStartAsync(AsyncEvent event) {
                    event.getAsyncContext().addListener(this);
                }
            });
            return;
        }
        // after sendError the container reports the response committed, yet the error page is still to come
        boolean errorPageToCome = (recording.errorPending || failed && !response.isCommitted())
                && request.getDispatcherType() != DispatcherType.ERROR;
        if (!errorPageToCome) {
            finish(request, response, recording);
        }
    }

    private void finish(HttpServletRequest request, HttpServletResponse response, ServletRecording recording) {
        if (!recording.markRecorded()) {
            return;
        }
        long end = System.nanoTime();
        inFlight.decrement();
        int status = response.getStatus();
        String routeId = recording.routeId;
        RouteMetrics metrics;
        ResponseSource source;
        long upstreamNanos = RouteMetrics.NO_UPSTREAM;
        if (routeId != null) {
            MvcRoutes.Route route = routes.find(routeId, recording.requestUrl);
            metrics = handles.route(routeId, route.uri(), route.metadata(), route.identity());
            boolean attempted = recording.upstreamStart != 0;
            if (attempted) {
                long upstreamEnd = recording.upstreamEnd;
                upstreamNanos = (upstreamEnd != 0 ? upstreamEnd : end) - recording.upstreamStart;
            }
            source = SourceRules.routed(status, attempted, recording.upstreamAnswered);
            if (source == ResponseSource.RATE_LIMITED) {
                metrics.rateLimited();
            }
        } else {
            source = SourceRules.unrouted(status);
            boolean localHandler = request.getAttribute(HandlerMapping.BEST_MATCHING_HANDLER_ATTRIBUTE) != null;
            metrics = SourceRules.unroutedHandle(handles, source, localHandler);
        }
        Object consumerId = request.getAttribute(CONSUMER_ATTRIBUTE);
        RouteMetrics.Consumer consumer = consumerId instanceof String c ? handles.consumer(c) : null;
        Object observation = request.getAttribute(ServerHttpObservationFilter.CURRENT_OBSERVATION_CONTEXT_ATTRIBUTE);
        TraceContext trace = traces.of(observation, recording.traceparent);
        metrics.record(recording.method, status, source, end - recording.start, upstreamNanos,
                recording.bytesIn, recording.bytesOut, consumer, trace);
    }
}
