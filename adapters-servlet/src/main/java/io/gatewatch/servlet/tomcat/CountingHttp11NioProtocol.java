package io.gatewatch.servlet.tomcat;

import io.gatewatch.api.ConnectionMetrics;
import io.gatewatch.servlet.tomcat.internal.CountingNioEndpoint;
import org.apache.coyote.http11.Http11NioProtocol;

/**
 * Tomcat's HTTP/1.1 NIO protocol whose endpoint counts its connections as
 * {@link TomcatConnections#http11Nio} does, for servers that build the connector from a protocol
 * class name and so need a no-argument constructor (Spring Boot's Tomcat factory,
 * {@code setProtocol}): name this class, then tell it where to count before the connector
 * starts (Spring Boot: in a connector customizer). Until then it counts nothing.
 */
public final class CountingHttp11NioProtocol extends Http11NioProtocol {
    private final CountingNioEndpoint endpoint;

    public CountingHttp11NioProtocol() {
        this(new CountingNioEndpoint());
    }

    private CountingHttp11NioProtocol(CountingNioEndpoint endpoint) {
        super(endpoint);
        this.endpoint = endpoint;
    }

    public void countInto(ConnectionMetrics connections) {
        endpoint.countInto(connections);
    }
}
