package io.gatewatch.probes.internal;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.netty.util.ReferenceCountUtil;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.Map;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One connection: takes the decoded request, refuses what the listener does not serve, hands the
 * rest to the workers and writes the answers back in order. All fields are touched on the
 * connection's event loop only, so none needs a lock.
 *
 * <p>A client gets {@code request-timeout} to deliver a complete request (from connecting, or
 * from its previous answer); a client that trickles bytes is cut off when it runs out.
 */
final class StatusChannelHandler extends ChannelInboundHandlerAdapter {
    private static final Logger LOG = LoggerFactory.getLogger(StatusChannelHandler.class);
    /**
     * Pipelined requests held while one is answered; past it the listener reads no further, answers
     * what it holds in order and closes.
     */
    static final int MAX_QUEUED = 16;
    /** How long a refused client may still send before the socket closes, so it reads our answer instead of a reset. */
    private static final long LINGER_MILLIS = 500;

    private final Dispatcher dispatcher;
    private final ListenerMetrics metrics;
    private final long requestTimeoutNanos;
    private final ArrayDeque<RequestHead> queue = new ArrayDeque<>();
    private RequestHead pending;
    private boolean inFlight;
    private boolean closing;
    /** Set when a client pipelined more than {@link #MAX_QUEUED}: answer what is queued, then close. */
    private boolean full;
    private ScheduledFuture<?> readDeadline;

    StatusChannelHandler(Dispatcher dispatcher, ListenerMetrics metrics, long requestTimeoutNanos) {
        this.dispatcher = dispatcher;
        this.metrics = metrics;
        this.requestTimeoutNanos = requestTimeoutNanos;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        armReadDeadline(ctx);
        super.channelActive(ctx);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        closing = true;
        cancelReadDeadline();
        queue.clear();
        super.channelInactive(ctx);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        try {
            if (!closing && !full && msg instanceof HttpRequest request) {
                onHead(ctx, request);
            }
            if (!closing && !full && msg instanceof HttpContent content) {
                onContent(ctx, content);
            }
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    private void onHead(ChannelHandlerContext ctx, HttpRequest request) {
        DecoderResult result = request.decoderResult();
        if (result.isFailure()) {
            Throwable cause = result.cause();
            if (cause instanceof TooLongHttpLineException) {
                refuse(ctx, 414, "request line too long");
            } else if (cause instanceof TooLongHttpHeaderException) {
                refuse(ctx, 431, "request headers too large");
            } else {
                refuse(ctx, 400, "bad request");
            }
            return;
        }
        HttpVersion version = request.protocolVersion();
        if (version.majorVersion() != 1 || version.minorVersion() > 1) {
            // the decoder accepts any HTTP/x.y; answering HTTP/1.2 or HTTP/9.9 as if it were 1.1 would be a guess
            refuse(ctx, 505, "HTTP version not supported");
            return;
        }
        HttpHeaders headers = request.headers();
        if (headers.contains(HttpHeaderNames.TRANSFER_ENCODING)) {
            if (endsWithChunked(headers.getAll(HttpHeaderNames.TRANSFER_ENCODING))) {
                refuse(ctx, 413, "request bodies are not accepted");
            } else {
                // identity, gzip, ...: the decoder would read no body, and the body's bytes as the next request
                refuse(ctx, 400, "unsupported transfer encoding");
            }
            return;
        }
        if (HttpUtil.getContentLength(request, 0L) > 0) {
            refuse(ctx, 413, "request bodies are not accepted");
            return;
        }
        int hosts = headers.getAll(HttpHeaderNames.HOST).size();
        // HTTP/1.0 clients need not send Host: HAProxy's default health check does not
        if (hosts > 1 || hosts == 0 && version.minorVersion() == 1) {
            refuse(ctx, 400, hosts > 1 ? "more than one Host header" : "missing Host header");
            return;
        }
        pending = RequestHead.of(request);
    }

    /** Whether the last transfer coding is chunked: the only framing of a request body besides Content-Length. */
    private static boolean endsWithChunked(java.util.List<String> values) {
        String last = "";
        for (String value : values) {
            for (String coding : value.split(",")) {
                if (!coding.isBlank()) {
                    last = coding.trim();
                }
            }
        }
        return last.equalsIgnoreCase("chunked");
    }

    private void onContent(ChannelHandlerContext ctx, HttpContent content) {
        if (content.content().isReadable()) {
            refuse(ctx, 413, "request bodies are not accepted");
            return;
        }
        if (content instanceof LastHttpContent && pending != null) {
            RequestHead complete = pending;
            pending = null;
            cancelReadDeadline();
            if (queue.size() >= MAX_QUEUED) {
                // answer what is held, in order, then close: read nothing more from this client
                full = true;
                ctx.channel().config().setAutoRead(false);
                if (!inFlight && queue.isEmpty()) {
                    closing = true;
                    ctx.close();
                }
                return;
            }
            queue.add(complete);
            next(ctx);
        }
    }

    /** Answers the oldest queued request unless one is being answered. */
    private void next(ChannelHandlerContext ctx) {
        if (inFlight || closing || queue.isEmpty()) {
            return;
        }
        RequestHead head = queue.poll();
        inFlight = true;
        ctx.channel().attr(ConnectionGuard.BUSY).set(Boolean.TRUE);
        InetAddress client = ctx.channel().remoteAddress() instanceof InetSocketAddress remote ? remote.getAddress() : null;
        dispatcher.dispatch(head, client, ctx.executor(), response -> write(ctx, head, response));
    }

    private void write(ChannelHandlerContext ctx, RequestHead head, EncodedResponse response) {
        if (closing || !ctx.channel().isActive()) {
            return;
        }
        // requests that leave the stream unreadable never get here (see refuse), so the client decides,
        // except that the last answer to a client that pipelined too much closes the connection
        boolean keepAlive = head.keepAlive() && !(full && queue.isEmpty());
        FullHttpResponse message;
        try {
            message = toNetty(head.version(), response, keepAlive);
        } catch (RuntimeException e) {
            // EncodedResponse already refused what Netty would; this is the last line of defence
            LOG.atWarn().addKeyValue("error", e.getClass().getName()).log("status response could not be encoded");
            closing = true;
            ctx.close();
            return;
        }
        metrics.answered(response.status());
        ctx.writeAndFlush(message).addListener((ChannelFutureListener) future -> {
            inFlight = false;
            ctx.channel().attr(ConnectionGuard.BUSY).set(Boolean.FALSE);
            if (!future.isSuccess() || !keepAlive) {
                closing = true;
                ctx.close();
                return;
            }
            if (queue.isEmpty()) {
                armReadDeadline(ctx);
            }
            next(ctx);
        });
    }

    /** Answers with an error and closes, letting the client finish sending first so it sees the answer. */
    private void refuse(ChannelHandlerContext ctx, int status, String message) {
        closing = true;
        pending = null;
        queue.clear();
        cancelReadDeadline();
        if (inFlight) {
            // an answer is still being computed: a second one cannot be ordered after it
            ctx.close();
            return;
        }
        EncodedResponse response = EncodedResponse.of(Responses.error(status, message), false, null);
        metrics.answered(status);
        ctx.writeAndFlush(toNetty(HttpVersion.HTTP_1_1, response, false)).addListener((ChannelFutureListener) f -> {
            if (f.isSuccess() && ctx.channel() instanceof SocketChannel socket && socket.isActive()) {
                socket.shutdownOutput();
                ctx.executor().schedule(() -> ctx.close(), LINGER_MILLIS, TimeUnit.MILLISECONDS);
            } else {
                ctx.close();
            }
        });
    }

    private static FullHttpResponse toNetty(HttpVersion version, EncodedResponse response, boolean keepAlive) {
        FullHttpResponse message = new DefaultFullHttpResponse(version, HttpResponseStatus.valueOf(response.status()),
                Unpooled.wrappedBuffer(response.body()));
        var headers = message.headers();
        for (Map.Entry<String, String> header : response.headers().entrySet()) {
            headers.set(header.getKey(), header.getValue());
        }
        if (response.status() != 204) {
            if (response.contentType() != null) {
                headers.set(HttpHeaderNames.CONTENT_TYPE, response.contentType());
            }
            headers.set(HttpHeaderNames.CONTENT_LENGTH, response.contentLength());
        }
        if (response.gzip()) {
            headers.set(HttpHeaderNames.CONTENT_ENCODING, HttpHeaderValues.GZIP);
        }
        if (response.varyEncoding()) {
            headers.set(HttpHeaderNames.VARY, HttpHeaderNames.ACCEPT_ENCODING);
        }
        if (!headers.contains(HttpHeaderNames.CACHE_CONTROL)) {
            headers.set(HttpHeaderNames.CACHE_CONTROL, "no-store");
        }
        headers.set("x-content-type-options", "nosniff");
        if (!keepAlive) {
            headers.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        } else if (version.equals(HttpVersion.HTTP_1_0)) {
            headers.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
        }
        return message;
    }

    private void armReadDeadline(ChannelHandlerContext ctx) {
        cancelReadDeadline();
        readDeadline = ctx.executor().schedule(() -> {
            if (!inFlight) {
                closing = true;
                ctx.close();
            }
        }, requestTimeoutNanos, TimeUnit.NANOSECONDS);
    }

    private void cancelReadDeadline() {
        if (readDeadline != null) {
            readDeadline.cancel(false);
            readDeadline = null;
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        // resets, write timeouts and the like: nothing to answer, the connection is done
        if (!(cause instanceof IOException)) {
            LOG.atDebug().addKeyValue("error", cause.getClass().getName()).log("status connection closed after an error");
        }
        closing = true;
        ctx.close();
    }
}
