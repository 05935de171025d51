package io.gatewatch.spring.gateway.internal.reactive;

import io.gatewatch.api.ConnectionMetrics;
import io.netty.channel.Channel;
import java.util.function.Function;
import reactor.netty.http.server.HttpServer;

/**
 * Counts the Reactor Netty server's client connections: once per socket when its channel is set
 * up (a keep-alive connection serving many requests is one connection), closed with its lifetime
 * when the channel closes.
 */
public final class NettyConnections implements Function<HttpServer, HttpServer> {
    private final ConnectionMetrics connections;

    public NettyConnections(ConnectionMetrics connections) {
        this.connections = connections;
    }

    @Override
    public HttpServer apply(HttpServer server) {
        return server.doOnChannelInit((observer, channel, remoteAddress) -> opened(channel));
    }

    private void opened(Channel channel) {
        long openedAt = System.nanoTime();
        connections.opened();
        channel.closeFuture().addListener(f -> connections.closed(System.nanoTime() - openedAt));
    }
}
