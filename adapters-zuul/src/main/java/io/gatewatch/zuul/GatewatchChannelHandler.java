package io.gatewatch.zuul;

import com.netflix.netty.common.HttpLifecycleChannelHandler;
import com.netflix.netty.common.throttle.MaxInboundConnectionsHandler;
import io.gatewatch.api.ConnectionMetrics;
import io.gatewatch.api.GatewayMetrics;
import io.gatewatch.api.UpDownCounter;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;

/**
 * Counts a Zuul listener's client connections once per socket (opened, closed, active, lifetime;
 * a connection Zuul's connection limit throttles is counted as rejected), and the requests in
 * flight, from Zuul's request start and complete events. One instance serves every channel of a
 * listener: add it in the server's channel initializer after Zuul's TCP handlers.
 *
 * <pre>{@code
 * @Override
 * protected void addTcpRelatedHandlers(ChannelPipeline pipeline) {
 *     super.addTcpRelatedHandlers(pipeline);
 *     pipeline.addLast("gatewatch", gatewatchChannelHandler);
 * }
 * }</pre>
 */
@ChannelHandler.Sharable
public final class GatewatchChannelHandler extends ChannelInboundHandlerAdapter {
    /** The {@code listener} label of Zuul's plain HTTP listener. */
    public static final String HTTP = "http";

    private final ConnectionMetrics connections;
    private final UpDownCounter inFlight;

    public GatewatchChannelHandler(ConnectionMetrics connections, UpDownCounter inFlight) {
        this.connections = connections;
        this.inFlight = inFlight;
    }

    /** For the listener named {@code listener} ({@code http}, {@code https}, ...). */
    public static GatewatchChannelHandler forListener(GatewayMetrics metrics, String listener) {
        return new GatewatchChannelHandler(metrics.connections(listener), metrics.inFlight());
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        // Zuul's limit closes a connection over it but still passes it on as active
        if (Boolean.TRUE.equals(ctx.channel().attr(MaxInboundConnectionsHandler.ATTR_CH_THROTTLED).get())) {
            connections.rejected();
        } else {
            connections.opened();
            ctx.channel().closeFuture().addListener(new Closed(connections, System.nanoTime()));
        }
        super.channelActive(ctx);
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        // Zuul fires exactly one complete event for each start event
        if (evt instanceof HttpLifecycleChannelHandler.StartEvent) {
            inFlight.increment();
        } else if (evt instanceof HttpLifecycleChannelHandler.CompleteEvent) {
            inFlight.decrement();
        }
        super.userEventTriggered(ctx, evt);
    }

    private static final class Closed implements ChannelFutureListener {
        private final ConnectionMetrics connections;
        private final long openedAt;

        Closed(ConnectionMetrics connections, long openedAt) {
            this.connections = connections;
            this.openedAt = openedAt;
        }

        @Override
        public void operationComplete(ChannelFuture future) {
            connections.closed(System.nanoTime() - openedAt);
        }
    }
}
