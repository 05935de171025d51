package io.gatewatch.probes.internal;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.AttributeKey;
import java.util.Deque;
import java.util.Iterator;
import java.util.concurrent.ConcurrentLinkedDeque;

/**
 * Caps open connections. At the cap, a new connection pushes out the oldest one that has no
 * request being answered (a slow or idle client), so a flood of idle connections cannot lock
 * probes out; only when every connection is busy is the newcomer refused.
 */
@ChannelHandler.Sharable
final class ConnectionGuard extends ChannelInboundHandlerAdapter {
    /** Set while a request of the connection is being answered: such a connection is never evicted. */
    static final AttributeKey<Boolean> BUSY = AttributeKey.valueOf(ConnectionGuard.class, "busy");

    private final int max;
    private final Deque<Channel> open = new ConcurrentLinkedDeque<>();
    private volatile ListenerMetrics metrics = ListenerMetrics.NONE;

    ConnectionGuard(int max) {
        this.max = max;
    }

    void metrics(ListenerMetrics metrics) {
        this.metrics = metrics;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        Channel channel = ctx.channel();
        if (open.size() >= max && !evictOldestIdle()) {
            metrics.refused();
            channel.close();
            return;
        }
        open.addLast(channel);
        super.channelActive(ctx);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        open.remove(ctx.channel());
        super.channelInactive(ctx);
    }

    private boolean evictOldestIdle() {
        for (Iterator<Channel> it = open.iterator(); it.hasNext(); ) {
            Channel candidate = it.next();
            if (!Boolean.TRUE.equals(candidate.attr(BUSY).get())) {
                it.remove();
                metrics.evicted();
                candidate.close();
                return true;
            }
        }
        return false;
    }

    int openConnections() {
        return open.size();
    }
}
