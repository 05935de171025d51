package io.gatewatch.api.adapter;

import io.gatewatch.api.ResponseSource;
import io.gatewatch.api.RouteMetrics;

/**
 * Who answered, decided the same way for both server flavours (and as the sample gateway does).
 * A request whose client left before any response head ({@link #CLIENT_CLOSED}) is {@code gateway},
 * routed or not: nobody answered it. A request the gateway routed: {@code upstream} when the upstream's response came back,
 * {@code upstream_unreachable} when an attempt was made and no response came back, otherwise
 * {@code rate_limit} for 429, {@code auth} for 401/403, {@code gateway} for the rest. A request no
 * route took: {@code auth} for 401/403 (authentication answers before routing), {@code no_route}
 * for 404, {@code gateway} for the rest.
 */
public final class SourceRules {
    /**
     * The status of a request whose client left before any response head was sent (nginx's "client
     * closed request"): every adapter records it so, with source {@code gateway}.
     */
    public static final int CLIENT_CLOSED = 499;

    private SourceRules() {
    }

    public static ResponseSource routed(int status, boolean upstreamAttempted, boolean upstreamAnswered) {
        if (status == CLIENT_CLOSED) {
            return ResponseSource.GATEWAY;   // whatever the upstream was doing, the client heard nothing
        }
        if (upstreamAttempted) {
            return upstreamAnswered ? ResponseSource.UPSTREAM : ResponseSource.UPSTREAM_UNREACHABLE;
        }
        if (status == 429) {
            return ResponseSource.RATE_LIMITED;
        }
        return isAuth(status) ? ResponseSource.AUTH_REJECTED : ResponseSource.GATEWAY;
    }

    public static ResponseSource unrouted(int status) {
        if (isAuth(status)) {
            return ResponseSource.AUTH_REJECTED;
        }
        return status == 404 ? ResponseSource.NO_ROUTE : ResponseSource.GATEWAY;
    }

    /** The handle of a request no route took: no_route, the application's own handlers, or unrouted. */
    public static RouteMetrics unroutedHandle(RouteHandles handles, ResponseSource source, boolean localHandler) {
        if (source == ResponseSource.NO_ROUTE) {
            return handles.noRoute();
        }
        return localHandler && source == ResponseSource.GATEWAY ? handles.local() : handles.unrouted();
    }

    private static boolean isAuth(int status) {
        return status == 401 || status == 403;
    }
}
