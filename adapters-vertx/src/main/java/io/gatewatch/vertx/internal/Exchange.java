package io.gatewatch.vertx.internal;

import io.gatewatch.api.HttpMethod;
import io.gatewatch.api.TraceContext;
import io.vertx.core.Context;

/**
 * One server request from its first byte to its response's last, and the upstream call made for
 * it. Every field is touched on the request's event loop only: the server connection's, which is
 * also the upstream connection's whenever the call is tied to this request (see {@link RequestContexts}).
 */
final class Exchange {
    final ClientConnection connection;
    Context context;
    long start;
    HttpMethod method;
    TraceContext trace;
    String route;
    long bytesIn;
    int status;
    boolean finished;
    /** When the first upstream attempt asked for a connection; 0 when none was made. */
    long upstreamStart;
    /** When the connection pool answered (a connection, or the failure to get one). */
    long connectionSettled;
    /** When the upstream's response ended or its exchange failed; 0 while it runs. */
    long upstreamEnd;
    boolean upstreamRequestSent;
    boolean upstreamAnswered;
    /** An upstream callback may still arrive: this object is then never reused. */
    boolean upstreamPending;
    Upstream upstream;

    Exchange(ClientConnection connection) {
        this.connection = connection;
    }

    void begin(long now, HttpMethod method, TraceContext trace, Context context) {
        this.start = now;
        this.method = method;
        this.trace = trace;
        this.context = context;
        route = null;
        bytesIn = 0;
        status = 0;
        finished = false;
        upstreamStart = 0;
        connectionSettled = 0;
        upstreamEnd = 0;
        upstreamRequestSent = false;
        upstreamAnswered = false;
        upstreamPending = false;
        upstream = null;
    }

    boolean upstreamAttempted() {
        return upstreamStart != 0;
    }

    /**
     * Whether the upstream request went out where this exchange could not see it. A connection is
     * a pool's to lend to any event loop; a request sent on a connection of another event loop than
     * its own runs its callbacks there, outside the request's context, so it is never tied. Then
     * only the pool's answer was seen, as when connecting fails; but a failed connection makes the
     * proxy answer 502 (504 on a timeout) itself, and any other status came from the upstream.
     */
    boolean sentUnseen(int status) {
        return !upstreamRequestSent && connectionSettled != 0 && status != 502 && status != 504;
    }

    /** Upstream time: the attempt's start to its response's end, or to the failure. */
    long upstreamNanos(long now) {
        long end = upstreamEnd;
        if (end == 0) {
            end = !upstreamRequestSent && connectionSettled != 0 ? connectionSettled : now;
        }
        return end - upstreamStart;
    }
}
