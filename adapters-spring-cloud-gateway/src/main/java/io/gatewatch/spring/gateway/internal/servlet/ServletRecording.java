package io.gatewatch.spring.gateway.internal.servlet;

import io.gatewatch.api.HttpMethod;
import io.gatewatch.api.TraceParent;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.cloud.gateway.server.mvc.common.MvcUtils;

/**
 * One request across its dispatches (the request itself, then the error page's ERROR dispatch or
 * an async completion): kept as a request attribute so each dispatch adds to the same counts, and
 * recorded exactly once.
 */
final class ServletRecording {
    static final String ATTRIBUTE = ServletRecording.class.getName();

    final long start;
    final HttpMethod method;
    final String traceparent;
    long bytesIn;
    long bytesOut;
    volatile long upstreamStart;
    volatile long upstreamEnd;
    volatile boolean upstreamAnswered;
    /** sendError was called: the container renders the error page in an ERROR dispatch still to come. */
    volatile boolean errorPending;
    /** The route, as the gateway marked it during the request's own dispatch (an ERROR dispatch may not show it). */
    volatile String routeId;
    volatile Object requestUrl;
    private boolean recorded;

    ServletRecording(HttpServletRequest request, long start) {
        this.start = start;
        this.method = HttpMethod.of(request.getMethod());
        this.traceparent = request.getHeader(TraceParent.HEADER);
    }

    static ServletRecording of(HttpServletRequest request) {
        Object value = request.getAttribute(ATTRIBUTE);
        return value instanceof ServletRecording recording ? recording : null;
    }

    void noteRoute(HttpServletRequest request) {
        if (routeId == null && request.getAttribute(MvcUtils.GATEWAY_ROUTE_ID_ATTR) instanceof String id) {
            routeId = id;
            requestUrl = request.getAttribute(MvcUtils.GATEWAY_REQUEST_URL_ATTR);
        }
    }

    void upstreamStarted() {
        upstreamStart = System.nanoTime();
        upstreamEnd = 0;
        upstreamAnswered = false;
    }

    void upstreamEnded(boolean answered) {
        upstreamEnd = System.nanoTime();
        upstreamAnswered = answered;
    }

    /** True the first time only. */
    synchronized boolean markRecorded() {
        if (recorded) {
            return false;
        }
        recorded = true;
        return true;
    }
}
