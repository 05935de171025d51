package io.gatewatch.netty;

import io.gatewatch.Gatewatch;
import io.gatewatch.api.RouteMetrics;
import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Map;

/**
 * A small real HTTP reverse proxy on Netty's codecs, instrumented the way a Netty gateway would
 * be: requests queue per client connection and go upstream one at a time (pipelined responses stay
 * in order), over one keep-alive upstream connection per client connection, and the upstream's
 * response is relayed as it arrives (streams stay streams). Without a {@link GatewatchNetty} it
 * runs bare, for the overhead benchmark.
 *
 * <p>Runnable on its own for the benchmark, see {@link #main}.
 */
final class TestProxy implements AutoCloseable {
    record Route(String prefix, URI upstream, RouteMetrics handle) {
    }

    private final GatewatchNetty recording;
    private final List<Route> routes;
    private final Channel server;

    TestProxy(EventLoopGroup group, int port, GatewatchNetty recording, List<Route> routes) throws InterruptedException {
        this.recording = recording;
        this.routes = routes;
        server = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        if (recording != null) {
                            ch.pipeline().addLast(recording.connectionHandler());
                        }
                        ch.pipeline().addLast(new HttpServerCodec());
                        if (recording != null) {
                            ch.pipeline().addLast(recording.serverHandler());
                        }
                        ch.pipeline().addLast(new HttpObjectAggregator(1 << 20), new Front());
                    }
                })
                .bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port)).sync().channel();
    }

    /** The proxy's routes: the prefix to the route id, upstream and route metadata. */
    static Route route(GatewatchNetty recording, String prefix, String routeId, URI upstream, Map<String, Object> metadata) {
        return new Route(prefix, upstream, recording == null ? null : recording.route(routeId, upstream, metadata));
    }

    int port() {
        return ((InetSocketAddress) server.localAddress()).getPort();
    }

    @Override
    public void close() {
        server.close().syncUninterruptibly();
    }

    private Route match(String path) {
        for (Route r : routes) {
            if (path.startsWith(r.prefix())) {
                return r;
            }
        }
        return null;
    }

    /** One client connection: its queued requests and its upstream connection. */
    private final class Front extends ChannelInboundHandlerAdapter {
        private final ArrayDeque<Pending> queue = new ArrayDeque<>();
        private boolean busy;
        private ChannelHandlerContext ctx;
        private Channel upstream;
        private URI upstreamUri;

        private record Pending(FullHttpRequest request, GatewayExchange exchange) {
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            this.ctx = ctx;
            FullHttpRequest request = (FullHttpRequest) msg;
            queue.addLast(new Pending(request, recording == null ? null : GatewayExchange.current(ctx.channel())));
            next();
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            Pending p;
            while ((p = queue.pollFirst()) != null) {
                p.request().release();
            }
            if (upstream != null) {
                upstream.close();
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            // a client reset (wrk stopping, a browser leaving): nothing to answer any more
            ctx.close();
        }

        private void next() {
            if (busy || queue.isEmpty() || !ctx.channel().isActive()) {
                return;
            }
            busy = true;
            Pending p = queue.pollFirst();
            FullHttpRequest request = p.request();
            Route route = match(request.uri());
            if (route == null) {
                request.release();
                answer(HttpResponseStatus.NOT_FOUND, "no route", HttpUtil.isKeepAlive(request));
                return;
            }
            if (p.exchange() != null) {
                p.exchange().route(route.handle());
            }
            boolean keepAlive = HttpUtil.isKeepAlive(request);
            FullHttpRequest forward = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, request.method(), request.uri(),
                    request.content(), request.headers(), request.trailingHeaders());
            forward.headers().set(HttpHeaderNames.HOST, route.upstream().getAuthority());
            forward.headers().remove(HttpHeaderNames.CONNECTION);
            // the aggregator already told the client to continue; the body is here
            forward.headers().remove(HttpHeaderNames.EXPECT);
            if (upstream != null && upstream.isActive() && route.upstream().equals(upstreamUri)) {
                send(upstream, forward, p.exchange(), keepAlive);
                return;
            }
            if (upstream != null) {
                upstream.close();
            }
            Relay relay = new Relay(keepAlive);
            ChannelFuture connecting = new Bootstrap().group(ctx.channel().eventLoop()).channel(NioSocketChannel.class)
                    .option(ChannelOption.TCP_NODELAY, true)
                    .handler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel ch) {
                            ch.pipeline().addLast(new HttpClientCodec());
                            if (recording != null) {
                                ch.pipeline().addLast(recording.upstreamHandler());
                            }
                            ch.pipeline().addLast(relay);
                        }
                    })
                    .connect(route.upstream().getHost(), route.upstream().getPort());
            upstream = connecting.channel();
            upstreamUri = route.upstream();
            if (p.exchange() != null) {
                p.exchange().upstreamStarted(upstream);
            }
            connecting.addListener((ChannelFutureListener) f -> {
                if (f.isSuccess()) {
                    f.channel().writeAndFlush(forward);
                } else {
                    forward.release();
                    upstream = null;
                    answer(HttpResponseStatus.BAD_GATEWAY, "upstream unreachable", keepAlive);
                }
            });
        }

        private void send(Channel to, FullHttpRequest forward, GatewayExchange exchange, boolean keepAlive) {
            ((Relay) to.pipeline().last()).keepAlive = keepAlive;
            if (exchange != null) {
                exchange.upstreamStarted(to);
            }
            to.writeAndFlush(forward);
        }

        private void answer(HttpResponseStatus status, String body, boolean keepAlive) {
            FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status,
                    Unpooled.copiedBuffer(body, StandardCharsets.US_ASCII));
            HttpUtil.setContentLength(response, response.content().readableBytes());
            HttpUtil.setKeepAlive(response, keepAlive);
            finish(ctx.writeAndFlush(response), keepAlive);
        }

        private void finish(ChannelFuture lastWrite, boolean keepAlive) {
            if (!keepAlive) {
                lastWrite.addListener(ChannelFutureListener.CLOSE);
                return;
            }
            busy = false;
            next();
        }

        /** The upstream's response, relayed to the client as it arrives. */
        private final class Relay extends ChannelInboundHandlerAdapter {
            boolean keepAlive;

            Relay(boolean keepAlive) {
                this.keepAlive = keepAlive;
            }

            @Override
            public void channelRead(ChannelHandlerContext upstreamCtx, Object msg) {
                if (msg instanceof HttpResponse response) {
                    HttpUtil.setKeepAlive(response, keepAlive);
                }
                if (msg instanceof LastHttpContent) {
                    finish(ctx.writeAndFlush(msg), keepAlive);
                } else if (msg instanceof HttpContent) {
                    ctx.writeAndFlush(msg);
                } else {
                    ctx.write(msg);
                }
            }

            @Override
            public void channelInactive(ChannelHandlerContext upstreamCtx) {
                // the current upstream left mid-exchange: the client cannot get a whole answer any more
                // (a replaced upstream connection closing says nothing about the request under way)
                if (busy && upstreamCtx.channel() == upstream && ctx.channel().isActive()) {
                    ctx.close();
                }
            }

            @Override
            public void exceptionCaught(ChannelHandlerContext upstreamCtx, Throwable cause) {
                upstreamCtx.close();
            }
        }
    }

    /**
     * For the overhead benchmark: {@code upstream PORT} runs the test upstream;
     * {@code proxy PORT UPSTREAM_PORT on|runtime|off [STATUS_PORT]} runs the proxy with gatewatch on
     * (status listener and /metrics on STATUS_PORT), with gatewatch running but no handler in the
     * pipelines (runtime), or without gatewatch. Both run until killed.
     */
    public static void main(String[] args) throws Exception {
        EventLoopGroup group = new NioEventLoopGroup();
        if ("upstream".equals(args[0])) {
            TestUpstream upstream = new TestUpstream(group, Integer.parseInt(args[1]));
            System.out.println("upstream listening on " + upstream.port());
            return;
        }
        int port = Integer.parseInt(args[1]);
        URI upstream = URI.create("http://127.0.0.1:" + Integer.parseInt(args[2]));
        String mode = args[3];
        GatewatchNetty recording = null;
        if (!"off".equals(mode)) {
            String status = args.length > 4 ? args[4] : "0";
            Gatewatch gatewatch = Gatewatch.builder().config(com.typesafe.config.ConfigFactory.parseString(
                    "gatewatch.status { host = \"127.0.0.1\", port = " + status + " }")).start();
            // runtime: gatewatch runs and is scraped, but the proxy's pipelines have no handler of it
            recording = "on".equals(mode) ? GatewatchNetty.create(gatewatch) : null;
        }
        TestProxy proxy = new TestProxy(group, port, recording,
                List.of(route(recording, "/", "users", upstream, Map.of("service", "users"))));
        System.out.println("proxy listening on " + proxy.port() + ", gatewatch " + mode);
        String allocationFile = System.getProperty("bench.allocation-file");
        if (allocationFile != null) {
            reportAllocation(java.nio.file.Path.of(allocationFile));
        }
    }

    /**
     * Writes, five times a second, what the proxy's event-loop threads (the gateway's threads, where
     * the adapter runs) used so far: "allocated-bytes cpu-nanos", and the bytes every live thread
     * allocated, so that the benchmark can take differences over its measured window.
     */
    private static void reportAllocation(java.nio.file.Path file) {
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "allocation-report");
            t.setDaemon(true);
            return t;
        }).scheduleAtFixedRate(() -> {
            long all = 0;
            long loopBytes = 0;
            long loopCpu = 0;
            for (java.lang.management.ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
                if (info == null) {
                    continue;
                }
                long bytes = Math.max(threads.getThreadAllocatedBytes(info.getThreadId()), 0);
                all += bytes;
                if (info.getThreadName().startsWith("nioEventLoopGroup")) {
                    loopBytes += bytes;
                    loopCpu += Math.max(threads.getThreadCpuTime(info.getThreadId()), 0);
                }
            }
            try {
                java.nio.file.Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
                java.nio.file.Files.writeString(tmp, loopBytes + " " + loopCpu + " " + all);
                java.nio.file.Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                        java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }, 0, 200, java.util.concurrent.TimeUnit.MILLISECONDS);
    }
}
