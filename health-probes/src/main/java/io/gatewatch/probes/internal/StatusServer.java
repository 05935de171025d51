package io.gatewatch.probes.internal;

import io.gatewatch.probes.StatusSettings;
import io.gatewatch.spi.HealthReporter;
import io.gatewatch.spi.AllPlugins;
import io.gatewatch.spi.HealthView;
import io.gatewatch.spi.Lifecycle;
import io.gatewatch.spi.PluginContext;
import io.gatewatch.spi.RuntimeInfo;
import io.gatewatch.spi.StatusRoute;
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
import jakarta.inject.Inject;
import java.net.InetSocketAddress;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The status listener: a small HTTP server on its own port, built on a relocated Netty with one
 * event-loop thread of its own and two worker threads, so nothing a client does can take a
 * thread from the gateway.
 *
 * <p>Started and stopped by core's lifecycle; it stops after the final flush, so probes keep
 * being answered (readiness 503, liveness 200) all through the drain.
 */
public final class StatusServer implements Lifecycle {
    private static final Logger LOG = LoggerFactory.getLogger(StatusServer.class);
    private static final int WORKERS = 2;
    /** Requests waiting for a worker; past it the listener answers 503 at once instead of queueing. */
    private static final int WORKER_QUEUE = 64;

    private final StatusSettings settings;
    private final HealthView health;
    private final RuntimeInfo runtime;
    private final Set<StatusRoute> routes;
    private final PluginContext context;

    private EventLoopGroup loop;
    private ExecutorService workers;
    private Channel server;
    private ConnectionGuard guard;
    private boolean stopped;

    @Inject
    public StatusServer(StatusSettings settings, HealthView health, RuntimeInfo runtime,
                        @AllPlugins Set<StatusRoute> routes, PluginContext context) {
        this.settings = settings;
        this.health = health;
        this.runtime = runtime;
        this.routes = routes;   // every plugin's routes: complete by start(), not yet here
        this.context = context;
    }

    @Override
    public String name() {
        return "status-listener";
    }

    @Override
    public StopPhase stopPhase() {
        return StopPhase.AFTER_FLUSH;
    }

    @Override
    public synchronized void start() throws Exception {
        if (server != null) {
            return;
        }
        Redactor redactor = Redactor.of(settings.auth());
        Router router = new Router(settings.basePath(), new ProbeDocuments(health, runtime, redactor),
                new StatusDocument(health, runtime, redactor), Set.copyOf(routes), new Authenticator(settings.auth()),
                settings.probeTimeout(), settings.requestTimeout());
        workers = new ThreadPoolExecutor(WORKERS, WORKERS, 60, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(WORKER_QUEUE), context.threadFactory("status-worker"));
        Dispatcher dispatcher = new Dispatcher(router, workers, redactor);
        guard = new ConnectionGuard(settings.maxConnections());
        ConnectionGuard connections = guard;
        ListenerMetrics metrics = ListenerMetrics.create(context.selfMetrics(), connections::openConnections);
        guard.metrics(metrics);
        loop = new NioEventLoopGroup(1, context.threadFactory("status-io"));
        long requestTimeoutNanos = settings.requestTimeout().toNanos();
        HttpDecoderConfig decoding = new HttpDecoderConfig()
                .setMaxInitialLineLength(settings.maxRequestLine())
                .setMaxHeaderSize(settings.maxHeaderSize())
                .setMaxChunkSize(8192);
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(loop)
                .channel(NioServerSocketChannel.class)
                // room for a connection flood while the one event loop accepts (and evicts): with 128,
                // 2,000 connections opened at once filled the queue and a probe's SYN was dropped,
                // so it waited 1 s for the retransmission and missed its time limit
                .option(ChannelOption.SO_BACKLOG, 1024)
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
        ChannelFuture bound = bootstrap.bind(settings.host(), settings.port()).awaitUninterruptibly();
        if (!bound.isSuccess()) {
            stop();
            Throwable cause = bound.cause();
            throw new IllegalStateException("status listener could not listen on " + settings.host() + ":"
                    + settings.port() + " (" + cause.getClass().getSimpleName() + ": " + cause.getMessage() + ")");
        }
        server = bound.channel();
        InetSocketAddress address = address();
        LOG.atInfo().addKeyValue("host", address.getHostString()).addKeyValue("port", address.getPort())
                .addKeyValue("base_path", settings.basePath()).log("status listener started");
        HealthReporter.Component component = context.health() == null ? null : context.health().component(name());
        if (component != null) {
            component.ok("listening on " + address.getHostString() + ":" + address.getPort());
        }
    }

    /** The bound address; with {@code port = 0} the port the system picked. */
    public synchronized InetSocketAddress address() {
        if (server == null) {
            throw new IllegalStateException("status listener is not started");
        }
        return (InetSocketAddress) server.localAddress();
    }

    /** Open connections right now (for tests and diagnostics). */
    public int openConnections() {
        ConnectionGuard g = guard;
        return g == null ? 0 : g.openConnections();
    }

    @Override
    public synchronized void stop() {
        if (stopped) {
            return;
        }
        stopped = true;
        if (server != null) {
            server.close().awaitUninterruptibly();
        }
        if (loop != null) {
            // closes every open connection; no quiet period: nothing is left to say
            loop.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(3, TimeUnit.SECONDS);
        }
        if (workers != null) {
            workers.shutdownNow();
        }
    }
}
