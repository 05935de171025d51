package io.gatewatch.netty.internal;

import io.gatewatch.api.UpDownCounter;
import io.gatewatch.api.adapter.RouteHandles;
import io.gatewatch.netty.GatewayExchange;
import io.netty.channel.Channel;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.Attribute;
import io.netty.util.AttributeKey;
import java.util.ArrayDeque;

/**
 * The server side of one channel, between {@code HttpServerCodec} and the gateway: every request
 * read joins a queue, and responses are written in the same order (HTTP/1.1 keeps pipelined
 * responses in request order), so the head of the queue is the request being answered. A request
 * is recorded when its response's last write completes, or when its client leaves first.
 */
public final class ServerRecorder extends ChannelDuplexHandler {
    private static final AttributeKey<ExchangeRecord> CURRENT =
            AttributeKey.valueOf(ServerRecorder.class, "gatewatch.exchange");

    private final UpDownCounter inFlight;
    private final RouteHandles handles;
    /** Read and not yet answered to the end, oldest first. */
    private final ArrayDeque<ExchangeRecord> pending = new ArrayDeque<>(2);
    /** Recorded, ready for this channel's next request. */
    private final ArrayDeque<ExchangeRecord> free = new ArrayDeque<>(2);
    private ExchangeRecord reading;
    private Attribute<ExchangeRecord> current;
    private boolean closed;

    public ServerRecorder(UpDownCounter inFlight, RouteHandles handles) {
        this.inFlight = inFlight;
        this.handles = handles;
    }

    public static GatewayExchange current(Channel channel) {
        return channel.hasAttr(CURRENT) ? channel.attr(CURRENT).get() : null;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        current = ctx.channel().attr(CURRENT);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
        if (msg instanceof HttpRequest request) {
            ExchangeRecord exchange = free.pollFirst();
            if (exchange == null) {
                exchange = new ExchangeRecord(this, handles);
            }
            exchange.begin(request, System.nanoTime());
            pending.addLast(exchange);
            reading = exchange;
            current.set(exchange);
            inFlight.increment();
        }
        if (msg instanceof HttpContent content && reading != null) {
            reading.read(content.content().readableBytes());
        }
        super.channelRead(ctx, msg);
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) throws Exception {
        ExchangeRecord exchange = pending.peekFirst();
        if (exchange != null) {
            if (msg instanceof HttpResponse response) {
                int code = response.status().code();
                // 100 Continue and other interim heads come before the response proper
                if (code >= 200 || code == ExchangeRecord.SWITCHING_PROTOCOLS) {
                    exchange.status(code);
                }
            }
            if (msg instanceof HttpContent content) {
                exchange.written(content.content().readableBytes());
                if (msg instanceof LastHttpContent && exchange.responding()) {
                    pending.pollFirst();
                    // the response is timed to this write's completion (a void promise cannot tell it)
                    ChannelPromise tracked = promise.isVoid() ? promise.unvoid() : promise;
                    tracked.addListener(exchange);
                    promise = tracked;
                }
            }
        }
        super.write(ctx, msg, promise);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        // requests the client left without a complete response; those whose last write is under way
        // are recorded by that write's failure
        abandonPending();
        super.channelInactive(ctx);
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        // taken out of an open channel (the gateway switched protocols): what it never saw answered
        // is recorded now rather than left in flight forever
        abandonPending();
    }

    private void abandonPending() {
        closed = true;
        long now = System.nanoTime();
        ExchangeRecord exchange;
        while ((exchange = pending.pollFirst()) != null) {
            exchange.record(now);
            inFlight.decrement();
        }
    }

    /** Its response's last write completed (or failed): recorded; kept for the channel's next request. */
    void done(ExchangeRecord exchange) {
        inFlight.decrement();
        if (!closed) {
            free.addLast(exchange);
        }
    }
}
