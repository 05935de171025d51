package io.gatewatch.servlet.tomcat.internal;

import io.gatewatch.api.ConnectionMetrics;
import java.nio.channels.SocketChannel;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.tomcat.util.net.AbstractEndpoint;
import org.apache.tomcat.util.net.NioChannel;
import org.apache.tomcat.util.net.NioEndpoint;
import org.apache.tomcat.util.net.SocketEvent;
import org.apache.tomcat.util.net.SocketWrapperBase;

/**
 * Tomcat's NIO endpoint, counting its sockets: opened when the endpoint takes an accepted socket,
 * closed when the socket's wrapper is released on close (Tomcat calls its handler's
 * {@code release} exactly once per socket, just before closing it). The time each socket was
 * taken is kept per socket, not per request.
 */
public final class CountingNioEndpoint extends NioEndpoint {
    private final Map<SocketChannel, Long> openedAt = new ConcurrentHashMap<>();
    /** Null until {@link #countInto} when the protocol was created by class name: counts nothing till then. */
    private volatile ConnectionMetrics connections;

    public CountingNioEndpoint(ConnectionMetrics connections) {
        this.connections = connections;
    }

    public CountingNioEndpoint() {
    }

    /** Where to count; call it before the connector starts. */
    public void countInto(ConnectionMetrics connections) {
        this.connections = connections;
    }

    @Override
    protected boolean setSocketOptions(SocketChannel socket) {
        ConnectionMetrics connections = this.connections;
        if (connections == null) {
            return super.setSocketOptions(socket);
        }
        // before the socket reaches the poller, which may close it at once
        openedAt.put(socket, System.nanoTime());
        connections.opened();
        boolean taken = super.setSocketOptions(socket);
        if (!taken) {
            openedAt.remove(socket);
            connections.closed(0);
            connections.rejected();
        }
        return taken;
    }

    @Override
    public void setHandler(Handler<NioChannel> handler) {
        super.setHandler(new Releasing(handler));
    }

    private void released(SocketWrapperBase<NioChannel> wrapper) {
        NioChannel channel = wrapper.getSocket();
        SocketChannel socket = channel == null ? null : channel.getIOChannel();
        Long opened = socket == null ? null : openedAt.remove(socket);
        if (opened != null) {
            connections.closed(System.nanoTime() - opened);
        }
    }

    /** The protocol's connection handler, told first when a socket is released. */
    private final class Releasing implements AbstractEndpoint.Handler<NioChannel> {
        private final Handler<NioChannel> delegate;

        Releasing(Handler<NioChannel> delegate) {
            this.delegate = delegate;
        }

        @Override
        public SocketState process(SocketWrapperBase<NioChannel> socket, SocketEvent status) {
            return delegate.process(socket, status);
        }

        @Override
        public Object getGlobal() {
            return delegate.getGlobal();
        }

        @Override
        public void release(SocketWrapperBase<NioChannel> socket) {
            try {
                released(socket);
            } finally {
                delegate.release(socket);
            }
        }

        @Override
        public void pause() {
            delegate.pause();
        }

        @Override
        public void recycle() {
            delegate.recycle();
        }
    }
}
