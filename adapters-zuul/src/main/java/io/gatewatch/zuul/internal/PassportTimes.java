package io.gatewatch.zuul.internal;

import com.netflix.zuul.passport.CurrentPassport;
import com.netflix.zuul.passport.PassportItem;
import com.netflix.zuul.passport.PassportState;
import io.gatewatch.api.RouteMetrics;

/**
 * Total and upstream time read from the states Zuul stamps on a request's passport (nanoTime
 * ticks). Total: request headers received to the response's last content sent. Upstream: the
 * first origin connect or pool acquire to the origin's last content received, or, when no
 * response came back, to the failure Zuul stamped; retries are inside it.
 */
final class PassportTimes {
    private static final PassportState[] ORIGIN_FAILURES = {
        PassportState.ORIGIN_CONN_ACQUIRE_FAILED,
        PassportState.ORIGIN_CH_EXCEPTION,
        PassportState.ORIGIN_CH_READ_TIMEOUT,
        PassportState.ORIGIN_CH_IO_EX,
        PassportState.ORIGIN_CH_IDLE_TIMEOUT,
        PassportState.ORIGIN_CH_INACTIVE,
    };

    private PassportTimes() {
    }

    static long start(CurrentPassport passport) {
        PassportItem received = passport.findState(PassportState.IN_REQ_HEADERS_RECEIVED);
        return received != null ? received.getTime() : passport.firstTime();
    }

    /** When the response's last byte was sent; now when it never was (the client left). */
    static long end(CurrentPassport passport, long now) {
        PassportItem sent = passport.findStateBackwards(PassportState.OUT_RESP_LAST_CONTENT_SENT);
        return sent != null ? sent.getTime() : now;
    }

    /** When the first upstream attempt began, or -1 when none did. */
    static long upstreamStart(CurrentPassport passport) {
        PassportItem connecting = passport.findState(PassportState.ORIGIN_CH_CONNECTING);
        PassportItem acquiring = passport.findState(PassportState.ORIGIN_CONN_ACQUIRE_START);
        if (connecting == null) {
            return acquiring == null ? -1 : acquiring.getTime();
        }
        return acquiring == null ? connecting.getTime() : Math.min(connecting.getTime(), acquiring.getTime());
    }

    static boolean upstreamAnswered(CurrentPassport passport) {
        return passport.findState(PassportState.IN_RESP_HEADERS_RECEIVED) != null;
    }

    /**
     * Upstream nanoseconds from {@code upstreamStart}, or {@link RouteMetrics#NO_UPSTREAM} when no
     * attempt began. Without a stamped end (a failure Zuul did not stamp) it runs to {@code end}.
     */
    static long upstream(CurrentPassport passport, long upstreamStart, boolean answered, long end) {
        if (upstreamStart < 0) {
            return RouteMetrics.NO_UPSTREAM;
        }
        long upstreamEnd = -1;
        if (answered) {
            PassportItem last = passport.findStateBackwards(PassportState.IN_RESP_LAST_CONTENT_RECEIVED);
            upstreamEnd = last != null ? last.getTime() : -1;
        } else {
            for (PassportState failure : ORIGIN_FAILURES) {
                PassportItem item = passport.findStateBackwards(failure);
                if (item != null && item.getTime() > upstreamEnd) {
                    upstreamEnd = item.getTime();
                }
            }
        }
        if (upstreamEnd < upstreamStart) {
            upstreamEnd = end;
        }
        return Math.max(0, upstreamEnd - upstreamStart);
    }
}
