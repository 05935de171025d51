package io.gatewatch.netty;

import io.gatewatch.api.ConnectionMetrics;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;

/**
 * Counts one server connection: opened when its channel is active, closed with its lifetime when
 * it closes, once per socket however many requests it carries. One instance per channel (it
 * holds the channel's opening time); add it first in the server's channel initializer.
 */
public final class ConnectionCounter extends ChannelInboundHandlerAdapter {
    private final ConnectionMetrics connections;
    private boolean counted;

    public ConnectionCounter(ConnectionMetrics connections) {
        this.connections = connections;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        // an accepted channel is often active before its initializer ran: channelActive may never come
        if (ctx.channel().isActive()) {
            opened(ctx);
        }
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        opened(ctx);
        super.channelActive(ctx);
    }

    /**
     * Counted when the socket closes, not when this handler leaves the pipeline: a protocol switch
     * that removes it keeps the socket counted until then.
     */
    private void opened(ChannelHandlerContext ctx) {
        if (!counted) {
            counted = true;
            long openedAt = System.nanoTime();
            connections.opened();
            ctx.channel().closeFuture().addListener(f -> connections.closed(System.nanoTime() - openedAt));
        }
    }
}
