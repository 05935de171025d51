package io.gatewatch.netty.internal;

import io.netty.channel.Channel;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.Attribute;
import io.netty.util.AttributeKey;

/**
 * Times the upstream side of the exchange bound to an upstream channel: answered when the
 * response head is read, ended when its last content is read (a streamed body ends with the
 * upstream's work), failed when the channel breaks first. Unbinds at the end, so that a pooled
 * connection never reports into the next request's exchange.
 */
@ChannelHandler.Sharable
public final class UpstreamTimer extends ChannelDuplexHandler {
    private static final AttributeKey<ExchangeRecord> BOUND =
            AttributeKey.valueOf(UpstreamTimer.class, "gatewatch.upstream-exchange");

    static void bind(Channel upstream, ExchangeRecord exchange) {
        upstream.attr(BOUND).set(exchange);
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) throws Exception {
        if (msg instanceof HttpRequest) {
            ExchangeRecord exchange = bound(ctx);
            if (exchange != null) {
                exchange.upstreamStartedIfNot();
            }
        }
        super.write(ctx, msg, promise);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
        ExchangeRecord exchange = bound(ctx);
        if (exchange != null) {
            if (msg instanceof HttpResponse response) {
                exchange.upstreamHead(response.status().code());
            }
            if (msg instanceof LastHttpContent && exchange.upstreamResponseEnded()) {
                ended(ctx);
            }
        }
        super.channelRead(ctx, msg);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        ended(ctx);
        super.channelInactive(ctx);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) throws Exception {
        ended(ctx);
        super.exceptionCaught(ctx, cause);
    }

    private static void ended(ChannelHandlerContext ctx) {
        if (!ctx.channel().hasAttr(BOUND)) {
            return;
        }
        ExchangeRecord exchange = ctx.channel().attr(BOUND).getAndSet(null);
        if (exchange != null) {
            exchange.upstreamEnded();
        }
    }

    private static ExchangeRecord bound(ChannelHandlerContext ctx) {
        if (!ctx.channel().hasAttr(BOUND)) {
            return null;
        }
        Attribute<ExchangeRecord> attribute = ctx.channel().attr(BOUND);
        return attribute.get();
    }
}
