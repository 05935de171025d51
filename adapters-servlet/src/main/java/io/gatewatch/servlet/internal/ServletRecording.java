package io.gatewatch.servlet.internal;

import io.gatewatch.api.HttpMethod;
import io.gatewatch.api.ResponseSource;
import io.gatewatch.api.RouteMetrics;
import io.gatewatch.api.TraceContext;
import io.gatewatch.api.TraceParent;
import io.gatewatch.servlet.GatewatchRequest;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletRequestWrapper;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * One request across its dispatches (the request itself, an async completion, the error page's
 * ERROR dispatch), kept as a request attribute so each dispatch adds to the same counts and the
 * request is recorded exactly once. It is also what the gateway's code labels the request through
 * and, for async requests, the listener that ends it: one object per request.
 */
final class ServletRecording implements GatewatchRequest, AsyncListener {
    private final ServletRecorder recorder;
    final HttpServletRequest request;
    final HttpServletResponse response;
    final long start;
    final HttpMethod method;
    final String traceparent;
    // written by the thread serving the request at the time; the container orders dispatches and async completion
    long bytesIn;
    long bytesOut;
    volatile RouteMetrics route;
    volatile RouteMetrics.Consumer consumer;
    volatile ResponseSource source;
    /** The trace a framework named; else the incoming traceparent's. */
    volatile TraceContext trace;
    /** No route: the application's own handler served the request. */
    volatile boolean localHandler;
    volatile long upstreamStart;
    volatile long upstreamEnd;
    volatile boolean upstreamAnswered;
    /** sendError was called: the container may render an error page in an ERROR dispatch still to come. */
    volatile boolean errorPending;
    /** The request's dispatch ended in an error whose page may still come through the filter. */
    volatile boolean awaitingErrorPage;
    /** The container tells this request's completion (Jetty): its request listener events do not end it. */
    volatile boolean completionWatched;
    private boolean recorded;
    private boolean kept;

    ServletRecording(ServletRecorder recorder, HttpServletRequest request, HttpServletResponse response, long start) {
        this.recorder = recorder;
        this.request = request;
        this.response = response;
        this.start = start;
        this.method = HttpMethod.of(request.getMethod());
        this.traceparent = request.getHeader(TraceParent.HEADER);
    }

    /**
     * The record of a request: through the filter's own wrapper while the request is in its first
     * dispatch (under any wrappers later filters added), else the request attribute that a request
     * leaving that dispatch (async, an error page to come) keeps it in.
     */
    static ServletRecording of(ServletRequest request) {
        for (ServletRequest r = request; r != null; ) {
            if (r instanceof CountingStreams.Request counting) {
                return counting.recording;
            }
            r = r instanceof ServletRequestWrapper wrapper ? wrapper.getRequest() : null;
        }
        return request.getAttribute(ATTRIBUTE) instanceof ServletRecording recording ? recording : null;
    }

    /**
     * Keeps the record in a request attribute, for the dispatches after the first and the
     * container's end-of-request signals. Only then: a request that ends in its first dispatch
     * needs none, and on some containers the first attribute costs an attribute map.
     */
    void keep() {
        if (!kept) {
            kept = true;
            request.setAttribute(ATTRIBUTE, this);
        }
    }

    @Override
    public GatewatchRequest route(String service, String routeId) {
        route = recorder.handles().route(service, routeId);
        return this;
    }

    @Override
    public GatewatchRequest route(RouteMetrics route) {
        this.route = route;
        return this;
    }

    @Override
    public GatewatchRequest localHandler() {
        localHandler = true;
        return this;
    }

    @Override
    public GatewatchRequest consumer(String consumerId) {
        consumer = consumerId == null ? null : recorder.handles().consumer(consumerId);
        return this;
    }

    @Override
    public GatewatchRequest upstreamStarted() {
        upstreamEnd = 0;
        upstreamAnswered = false;
        upstreamStart = System.nanoTime();
        return this;
    }

    @Override
    public GatewatchRequest upstreamAnswered() {
        upstreamEnd = System.nanoTime();
        upstreamAnswered = true;
        return this;
    }

    @Override
    public GatewatchRequest upstreamFailed() {
        upstreamEnd = System.nanoTime();
        upstreamAnswered = false;
        return this;
    }

    @Override
    public GatewatchRequest source(ResponseSource source) {
        this.source = source;
        return this;
    }

    @Override
    public GatewatchRequest trace(TraceContext trace) {
        this.trace = trace;
        return this;
    }

    @Override
    public boolean recorded() {
        return true;
    }

    /** True the first time only. */
    synchronized boolean markRecorded() {
        if (recorded) {
            return false;
        }
        recorded = true;
        return true;
    }

    @Override
    public void onComplete(AsyncEvent event) {
        recorder.finish(this);
    }

    /** The container's error handling (an ERROR dispatch, then completion) follows and ends the request. */
    @Override
    public void onTimeout(AsyncEvent event) {
    }

    /** The client went away or writing failed: record now, with what was sent, not when a timeout ends it. */
    @Override
    public void onError(AsyncEvent event) {
        recorder.finish(this);
    }

    /** The container completed the request (Jetty's signal, after its own error handling). */
    void completed() {
        recorder.finish(this);   // recorded once: nothing happens if the filter or a listener already did
    }

    /** The request went async again (after an async dispatch): keep listening. */
    @Override
    public void onStartAsync(AsyncEvent event) {
        event.getAsyncContext().addListener(this);
    }
}
