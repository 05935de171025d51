package io.gatewatch.sample.gateway;

import io.gatewatch.api.ConnectionMetrics;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Client connections of the front listener. The JDK's HTTP server has no connection events, so a
 * connection is recognised by its remote address and port: seen first → opened; closed when the
 * client asked for {@code Connection: close} or when it stayed idle longer than the server keeps
 * idle connections. Past {@code max} open connections new ones are rejected.
 */
final class ConnectionTracker {
    private final ConnectionMetrics metrics;
    private final int max;
    private final long idleNanos;
    private final Map<InetSocketAddress, long[]> open = new ConcurrentHashMap<>();

    ConnectionTracker(ConnectionMetrics metrics, int max, long idleNanos) {
        this.metrics = metrics;
        this.max = max;
        this.idleNanos = idleNanos;
    }

    /** Records activity on a connection; false when it is new and over the limit (reject it). */
    boolean seen(InetSocketAddress remote, long now) {
        long[] times = open.get(remote);
        if (times != null) {
            times[1] = now;
            return true;
        }
        if (open.size() >= max) {
            metrics.rejected();
            return false;
        }
        open.put(remote, new long[] {now, now});
        metrics.opened();
        return true;
    }

    void closed(InetSocketAddress remote, long now) {
        long[] times = open.remove(remote);
        if (times != null) {
            metrics.closed(now - times[0]);
        }
    }

    /** Closes the connections idle longer than the server keeps them. Called every second. */
    void sweep(long now) {
        for (Map.Entry<InetSocketAddress, long[]> e : open.entrySet()) {
            if (now - e.getValue()[1] > idleNanos) {
                closed(e.getKey(), now);
            }
        }
    }

    /** The listener closed: every connection it had ends now. */
    void closeAll(long now) {
        for (InetSocketAddress remote : open.keySet()) {
            closed(remote, now);
        }
    }

    int active() {
        return open.size();
    }
}
