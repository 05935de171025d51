package io.gatewatch.netty;

import io.gatewatch.api.ConnectionMetrics;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;

/**
 * Counts one server connection: opened when its channel is active, closed with its lifetime when
 * it goes inactive, once per socket however many requests it carries. One instance per channel (it
 * holds the channel's opening time); add it first in the server's channel initializer.
 */
public final class ConnectionCounter extends ChannelInboundHandlerAdapter {
    private final ConnectionMetrics connections;
    private long openedAt;
    private boolean open;
    private boolean closed;

    public ConnectionCounter(ConnectionMetrics connections) {
        this.connections = connections;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        // an accepted channel is often active before its initializer ran: channelActive may never come
        if (ctx.channel().isActive()) {
            opened();
        }
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        opened();
        super.channelActive(ctx);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        closed();
        super.channelInactive(ctx);
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        // removed from an open channel (a protocol switch): the socket is still counted until it closes
        if (open && !closed) {
            ctx.channel().closeFuture().addListener(f -> closed());
        }
    }

    private void opened() {
        if (!open) {
            open = true;
            openedAt = System.nanoTime();
            connections.opened();
        }
    }

    private void closed() {
        if (open && !closed) {
            closed = true;
            connections.closed(System.nanoTime() - openedAt);
        }
    }
}
