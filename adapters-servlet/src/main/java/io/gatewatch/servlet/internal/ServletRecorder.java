package io.gatewatch.servlet.internal;

import io.gatewatch.api.GatewayMetrics;
import io.gatewatch.api.ResponseSource;
import io.gatewatch.api.RouteMetrics;
import io.gatewatch.api.TraceContext;
import io.gatewatch.api.UpDownCounter;
import io.gatewatch.api.adapter.RouteHandles;
import io.gatewatch.api.adapter.SampledTraceParent;
import io.gatewatch.api.adapter.SourceRules;
import io.gatewatch.servlet.RequestLabeler;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * Records each request at the end of its last dispatch: the request's own when it neither went
 * async nor left an error page to render, else the async completion or the ERROR dispatch. When
 * the container renders an error itself, outside the filter chain (no error page configured), the
 * end of the request records it: Jetty's completion of the request where the classes of the Jetty
 * environment serving it (ee10 or ee11) are visible, else the ServletRequestListener event (Tomcat
 * sends it once, after its error handling; Jetty sends one after every dispatch, so it cannot tell
 * the end there).
 */
public final class ServletRecorder {
    private final RouteHandles handles;
    private final UpDownCounter inFlight;
    private final JettyCompletion jetty;
    private final RequestLabeler labeler;

    public ServletRecorder(GatewayMetrics metrics) {
        this(metrics, new RouteHandles(metrics), RequestLabeler.NONE);
    }

    public ServletRecorder(GatewayMetrics metrics, RouteHandles handles, RequestLabeler labeler) {
        this.handles = handles;
        this.inFlight = metrics.inFlight();
        this.jetty = jettyCompletion();
        this.labeler = labeler;
    }

    /**
     * Loading {@link JettyCompletion} may need Jetty's server classes (the verifier checks calls into
     * them): on a Tomcat-only classpath that would fail before its own presence checks run.
     */
    static JettyCompletion jettyCompletion() {
        try {
            return JettyCompletion.ifPresent();
        } catch (LinkageError noJetty) {
            return null;
        }
    }

    RouteHandles handles() {
        return handles;
    }

    public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain) throws IOException, ServletException {
        if (!(req instanceof HttpServletRequest request) || !(res instanceof HttpServletResponse response)) {
            chain.doFilter(req, res);
            return;
        }
        ServletRecording recording = ServletRecording.of(request);
        HttpServletRequest forwarded = request;
        if (recording == null) {
            recording = new ServletRecording(this, request, response, System.nanoTime());
            inFlight.increment();
            forwarded = new CountingStreams.Request(request, recording);
        }
        if (request.getDispatcherType() == DispatcherType.ERROR) {
            recording.errorPending = false;
            recording.awaitingErrorPage = false;
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
        labeler.afterDispatch(request, recording);
        if (request.isAsyncStarted()) {
            recording.keep();
            request.getAsyncContext().addListener(recording);
            return;
        }
        // after sendError the container reports the response committed, yet its error page is still to come
        boolean errorPageMayCome = (recording.errorPending || failed && !response.isCommitted())
                && request.getDispatcherType() != DispatcherType.ERROR;
        if (errorPageMayCome) {
            recording.keep();
            recording.awaitingErrorPage = true;
            if (jetty != null && !recording.completionWatched) {
                recording.completionWatched = jetty.watch(request, recording);
            }
        } else {
            finish(recording);
        }
    }

    /**
     * Whether the request listener events are needed to end requests in this context: not where a
     * Jetty environment whose completion can be watched (ee10, ee11) serves it (Jetty's events come
     * after every dispatch, and each costs an event object per request).
     */
    public boolean needsRequestEvents(ServletContext context) {
        return jetty == null || !jetty.serves(context);
    }

    /** The container is done with the request (or, on Jetty, with a dispatch): records it if an error page was awaited and never came through the filter. */
    public void requestEnded(ServletRequest request) {
        ServletRecording recording = ServletRecording.of(request);
        if (recording != null && recording.awaitingErrorPage && !recording.completionWatched) {
            finish(recording);
        }
    }

    void finish(ServletRecording recording) {
        if (!recording.markRecorded()) {
            return;
        }
        long end = System.nanoTime();
        inFlight.decrement();
        int status = recording.response.getStatus();
        RouteMetrics metrics = recording.route;
        ResponseSource source = recording.source;
        long upstreamNanos = RouteMetrics.NO_UPSTREAM;
        long upstreamStart = recording.upstreamStart;
        boolean attempted = upstreamStart != 0;
        if (attempted) {
            long upstreamEnd = recording.upstreamEnd;
            upstreamNanos = (upstreamEnd != 0 ? upstreamEnd : end) - upstreamStart;
        }
        if (metrics != null) {
            if (source == null) {
                source = SourceRules.routed(status, attempted, recording.upstreamAnswered);
            }
        } else {
            if (source == null) {
                source = SourceRules.unrouted(status);
            }
            metrics = SourceRules.unroutedHandle(handles, source, recording.localHandler);
        }
        if (source == ResponseSource.RATE_LIMITED) {
            metrics.rateLimited();
        }
        TraceContext trace = recording.trace;
        if (trace == null) {
            trace = SampledTraceParent.parse(recording.traceparent);
        }
        metrics.record(recording.method, status, source, end - recording.start, upstreamNanos,
                recording.bytesIn, recording.bytesOut, recording.consumer, trace);
    }
}
