package io.gatewatch.probes.internal;

import io.gatewatch.probes.StatusSettings;
import io.gatewatch.spi.PluginContext;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.timeout.WriteTimeoutHandler;
import io.netty.util.NetUtil;
import java.net.InetSocketAddress;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * One hardened HTTP listener: the status port, or a port a plugin asked for (the Prometheus
 * exporter's own port). Every listener gets the same protections from the same code: the limits
 * on request line, headers and time to send a request, the write time limit, the connection guard,
 * the pipelining limit, the bounded worker queue with a share per client address, and auth.
 *
 * <p>Threads of its own: one event loop ({@code <name>-io}), two workers ({@code <name>-worker})
 * and, when it serves probes, the probe evaluator ({@code <name>-probes}). None is a gateway's.
 */
final class HttpListener {
    private static final int WORKERS = 2;
    /** Requests waiting for a worker; past it the listener answers 503 busy at once instead of queueing. */
    static final int WORKER_QUEUE = 64;

    private final EventLoopGroup loop;
    private final ExecutorService workers;
    private final ExecutorService probeThread;
    private final ConnectionGuard guard;
    private final Channel server;

    private HttpListener(EventLoopGroup loop, ExecutorService workers, ExecutorService probeThread,
                         ConnectionGuard guard, Channel server) {
        this.loop = loop;
        this.workers = workers;
        this.probeThread = probeThread;
        this.guard = guard;
        this.server = server;
    }

    /**
     * Binds and starts serving.
     *
     * @param probes      renders probe answers; {@code null} for a listener without probes
     * @param selfMetrics whether to count answers and connections in {@code gatewatch.status.*}
     * @throws IllegalStateException naming the address when it cannot be bound
     */
    static HttpListener start(String name, String host, int port, Router router, ProbeDocuments probes,
                              Redactor redactor, StatusSettings limits, PluginContext context, boolean selfMetrics) {
        ExecutorService workers = new ThreadPoolExecutor(WORKERS, WORKERS, 60, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(WORKER_QUEUE), context.threadFactory(name + "-worker"));
        ExecutorService probeThread = probes == null ? null
                : Executors.newSingleThreadExecutor(context.threadFactory(name + "-probes"));
        ProbeEvaluator evaluator = probes == null ? null : new ProbeEvaluator(probes, probeThread);
        Dispatcher dispatcher = new Dispatcher(router, workers, evaluator, redactor, limits.maxQueuedPerClient());
        ConnectionGuard guard = new ConnectionGuard(limits.maxConnections());
        ListenerMetrics metrics = selfMetrics
                ? ListenerMetrics.create(context.selfMetrics(), guard::openConnections) : ListenerMetrics.NONE;
        guard.metrics(metrics);
        EventLoopGroup loop = new NioEventLoopGroup(1, context.threadFactory(name + "-io"));
        long requestTimeoutNanos = limits.requestTimeout().toNanos();
        HttpDecoderConfig decoding = new HttpDecoderConfig()
                .setMaxInitialLineLength(limits.maxRequestLine())
                .setMaxHeaderSize(limits.maxHeaderSize())
                .setMaxChunkSize(8192);
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(loop)
                .channel(NioServerSocketChannel.class)
                // the largest accept queue the kernel allows (net.core.somaxconn, 4096 on Linux since
                // 5.4): a full queue drops a probe's SYN and the probe waits 1 s for the retransmission.
                // With 1024, 2,000 connections opened at once on a busy machine, where the one event
                // loop accepted too few of them in time, still filled it
                .option(ChannelOption.SO_BACKLOG, NetUtil.SOMAXCONN)
                .option(ChannelOption.SO_REUSEADDR, true)
                // unpooled heap buffers: a few small requests never justify pooled arenas' memory
                .option(ChannelOption.ALLOCATOR, new UnpooledByteBufAllocator(false))
                .childOption(ChannelOption.ALLOCATOR, new UnpooledByteBufAllocator(false))
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel channel) {
                        channel.pipeline()
                                .addLast("guard", guard)
                                .addLast("write-timeout", new WriteTimeoutHandler(requestTimeoutNanos, TimeUnit.NANOSECONDS))
                                .addLast("http", new HttpServerCodec(decoding.clone()))
                                .addLast("status", new StatusChannelHandler(dispatcher, metrics, requestTimeoutNanos));
                    }
                });
        ChannelFuture bound = bootstrap.bind(host, port).awaitUninterruptibly();
        if (!bound.isSuccess()) {
            new HttpListener(loop, workers, probeThread, guard, null).stop();
            Throwable cause = bound.cause();
            throw new IllegalStateException(name + " listener could not listen on " + host + ":" + port + " ("
                    + cause.getClass().getSimpleName() + ": " + cause.getMessage() + ")");
        }
        return new HttpListener(loop, workers, probeThread, guard, bound.channel());
    }

    /** The bound address; with {@code port = 0} the port the system picked. */
    InetSocketAddress address() {
        return (InetSocketAddress) server.localAddress();
    }

    int openConnections() {
        return guard.openConnections();
    }

    void stop() {
        if (server != null) {
            server.close().awaitUninterruptibly();
        }
        // closes every open connection; no quiet period: nothing is left to say
        loop.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(3, TimeUnit.SECONDS);
        workers.shutdownNow();
        if (probeThread != null) {
            probeThread.shutdownNow();
        }
    }
}
