package io.gatewatch.netty;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.DefaultLastHttpContent;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * A real HTTP upstream on loopback, on Netty: {@code /stream} answers {@link #CHUNKS} chunks
 * {@link #CHUNK_GAP_MS} ms apart, {@code /slow} answers after {@link #SLOW_MS} ms, anything else
 * answers at once with {@code ok <method> <path> <request body length>}.
 */
final class TestUpstream implements AutoCloseable {
    static final int CHUNKS = 5;
    static final int CHUNK_GAP_MS = 100;
    static final String CHUNK = "chunk-of-sixteen";
    static final int SLOW_MS = 1_500;

    private final Channel server;

    TestUpstream(EventLoopGroup group, int port) throws InterruptedException {
        server = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(new HttpServerCodec(), new HttpObjectAggregator(1 << 20), new Answer());
                    }
                })
                .bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port)).sync().channel();
    }

    int port() {
        return ((InetSocketAddress) server.localAddress()).getPort();
    }

    static String body(String method, String path, int requestBytes) {
        return "ok " + method + " " + path + " " + requestBytes;
    }

    @Override
    public void close() {
        server.close().syncUninterruptibly();
    }

    private static final class Answer extends SimpleChannelInboundHandler<FullHttpRequest> {
        @Override
        protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
            boolean keepAlive = HttpUtil.isKeepAlive(request);
            String path = request.uri();
            if (path.endsWith("/stream")) {
                HttpResponse head = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
                HttpUtil.setTransferEncodingChunked(head, true);
                ctx.writeAndFlush(head);
                for (int i = 1; i <= CHUNKS; i++) {
                    boolean last = i == CHUNKS;
                    ctx.executor().schedule(() -> {
                        ctx.writeAndFlush(new DefaultHttpContent(Unpooled.copiedBuffer(CHUNK, StandardCharsets.US_ASCII)));
                        if (last) {
                            ctx.writeAndFlush(new DefaultLastHttpContent());
                        }
                    }, (long) i * CHUNK_GAP_MS, TimeUnit.MILLISECONDS);
                }
                return;
            }
            FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK,
                    Unpooled.copiedBuffer(body(request.method().name(), path, request.content().readableBytes()),
                            StandardCharsets.US_ASCII));
            response.headers().set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.TEXT_PLAIN);
            HttpUtil.setContentLength(response, response.content().readableBytes());
            HttpUtil.setKeepAlive(response, keepAlive);
            if (path.endsWith("/slow")) {
                ctx.executor().schedule(() -> ctx.writeAndFlush(response), SLOW_MS, TimeUnit.MILLISECONDS);
            } else {
                ctx.writeAndFlush(response);
            }
        }
    }
}
