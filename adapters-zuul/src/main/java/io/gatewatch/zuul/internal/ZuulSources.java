package io.gatewatch.zuul.internal;

import com.netflix.zuul.stats.status.StatusCategory;
import com.netflix.zuul.stats.status.ZuulStatusCategory;

/**
 * What Zuul's status category says beyond the passport: the gateway found no route, refused the
 * request for an origin's connection or concurrency limit, or gave up on the origin.
 */
final class ZuulSources {
    private ZuulSources() {
    }

    static boolean noRoute(StatusCategory category) {
        return category == ZuulStatusCategory.SUCCESS_LOCAL_NO_ROUTE;
    }

    /** Zuul itself refused the request to protect the origin: the gateway's rate limit. */
    static boolean throttled(StatusCategory category) {
        return category == ZuulStatusCategory.FAILURE_LOCAL_THROTTLED_ORIGIN_SERVER_MAXCONN
                || category == ZuulStatusCategory.FAILURE_LOCAL_THROTTLED_ORIGIN_CONCURRENCY;
    }

    /**
     * The origin failed without an answer: connect failure, reset, read timeout, no server up in
     * discovery (that one before any connect, but the upstream is what was unreachable).
     */
    static boolean originUnreachable(StatusCategory category) {
        return category == ZuulStatusCategory.FAILURE_ORIGIN_CONNECTIVITY
                || category == ZuulStatusCategory.FAILURE_ORIGIN_READ_TIMEOUT
                || category == ZuulStatusCategory.FAILURE_ORIGIN_RESET_CONNECTION
                || category == ZuulStatusCategory.FAILURE_ORIGIN_CLOSE_NOTIFY_CONNECTION
                || category == ZuulStatusCategory.FAILURE_ORIGIN_NO_SERVERS;
    }
}
