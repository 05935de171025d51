package io.gatewatch.servlet.jetty;

import io.gatewatch.Gatewatch;
import io.gatewatch.api.ConnectionMetrics;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.EndPoint;

/**
 * Counts a Jetty connector's client connections (opened, closed, active, lifetime) under one
 * gatewatch listener name. Add it to the connector:
 *
 * <pre>{@code
 * ServerConnector http = new ServerConnector(server);
 * http.addEventListener(new JettyConnections(gatewatch, "http"));
 * }</pre>
 *
 * <p>Once per socket however many requests it carries: a TLS or PROXY-protocol connection stacks
 * a second Jetty connection on a decrypting or decoding view of the same socket, and only the one
 * on the socket itself is counted. A protocol upgrade on the socket (h2c, WebSocket) replaces its
 * Jetty connection and is counted as a new connection when the upgraded protocol's connection
 * factory carries the connector's listeners.
 */
public final class JettyConnections implements Connection.Listener {
    private final ConnectionMetrics connections;

    public JettyConnections(Gatewatch gatewatch, String listener) {
        this(gatewatch.metrics().connections(listener));
    }

    public JettyConnections(ConnectionMetrics connections) {
        this.connections = connections;
    }

    @Override
    public void onOpened(Connection connection) {
        if (onSocket(connection)) {
            connections.opened();
        }
    }

    @Override
    public void onClosed(Connection connection) {
        if (onSocket(connection)) {
            long lifetimeMillis = Math.max(0, System.currentTimeMillis() - connection.getCreatedTimeStamp());
            connections.closed(TimeUnit.MILLISECONDS.toNanos(lifetimeMillis));
        }
    }

    private static boolean onSocket(Connection connection) {
        return !(connection.getEndPoint() instanceof EndPoint.Wrapper);
    }
}
