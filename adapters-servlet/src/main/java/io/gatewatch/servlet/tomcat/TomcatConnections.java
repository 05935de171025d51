package io.gatewatch.servlet.tomcat;

import io.gatewatch.Gatewatch;
import io.gatewatch.api.ConnectionMetrics;
import io.gatewatch.servlet.tomcat.internal.CountingNioEndpoint;
import org.apache.coyote.http11.Http11NioProtocol;

/**
 * Counts a Tomcat connector's client connections (opened, closed, active, lifetime) under one
 * gatewatch listener name. Tomcat has no connection listener, so the count comes from the NIO
 * endpoint itself: build the connector on the protocol this returns.
 *
 * <pre>{@code
 * Connector http = new Connector(TomcatConnections.http11Nio(gatewatch, "http"));
 * http.setPort(8080);
 * tomcat.setConnector(http);
 * }</pre>
 *
 * <p>Once per socket however many requests it carries, TLS included: a connection is opened when
 * the endpoint takes the accepted socket and closed when the endpoint closes it. A socket the
 * endpoint fails to set up is counted as rejected.
 */
public final class TomcatConnections {
    private TomcatConnections() {
    }

    /** An HTTP/1.1 NIO protocol handler (Tomcat's default) whose endpoint counts its connections. */
    public static Http11NioProtocol http11Nio(Gatewatch gatewatch, String listener) {
        return http11Nio(gatewatch.metrics().connections(listener));
    }

    public static Http11NioProtocol http11Nio(ConnectionMetrics connections) {
        return new Http11NioProtocol(new CountingNioEndpoint(connections));
    }
}
