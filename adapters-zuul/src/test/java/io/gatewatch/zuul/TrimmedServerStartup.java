package io.gatewatch.zuul;

import com.netflix.appinfo.ApplicationInfoManager;
import com.netflix.netty.common.channel.config.ChannelConfig;
import com.netflix.netty.common.metrics.EventLoopGroupMetrics;
import com.netflix.netty.common.status.ServerStatusManager;
import com.netflix.spectator.api.Registry;
import com.netflix.zuul.FilterLoader;
import com.netflix.zuul.FilterUsageNotifier;
import com.netflix.zuul.RequestCompleteHandler;
import com.netflix.zuul.context.SessionContextDecorator;
import com.netflix.zuul.netty.ratelimiting.NullChannelHandlerProvider;
import com.netflix.zuul.netty.server.BaseServerStartup;
import com.netflix.zuul.netty.server.ClientConnectionsShutdown;
import com.netflix.zuul.netty.server.DefaultEventLoopConfig;
import com.netflix.zuul.netty.server.NamedSocketAddress;
import com.netflix.zuul.netty.server.Server;
import com.netflix.zuul.netty.server.ZuulDependencyKeys;
import com.netflix.zuul.netty.server.ZuulServerChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.util.concurrent.GlobalEventExecutor;
import jakarta.inject.Inject;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * zuul-sample's SampleServerStartup, trimmed: one plain HTTP listener on an ephemeral loopback
 * port, no Eureka client (Zuul's {@code BaseServerStartup} insists on one), and the one line a
 * Zuul server adds for gatewatch in its channel initializer.
 */
final class TrimmedServerStartup {
    private final Registry registry;
    private final ServerStatusManager statusManager;
    private final ApplicationInfoManager applicationInfoManager;
    private final FilterLoader filterLoader;
    private final SessionContextDecorator sessionContextDecorator;
    private final FilterUsageNotifier usageNotifier;
    private final RequestCompleteHandler requestCompleteHandler;
    private final EventLoopGroupMetrics eventLoopGroupMetrics;
    private final Optional<GatewatchChannelHandler> gatewatchChannelHandler;
    private final List<Server> servers = new ArrayList<>();

    @Inject
    TrimmedServerStartup(Registry registry, ServerStatusManager statusManager, ApplicationInfoManager applicationInfoManager,
                         FilterLoader filterLoader, SessionContextDecorator sessionContextDecorator,
                         FilterUsageNotifier usageNotifier, RequestCompleteHandler requestCompleteHandler,
                         EventLoopGroupMetrics eventLoopGroupMetrics, Optional<GatewatchChannelHandler> gatewatchChannelHandler) {
        this.registry = registry;
        this.statusManager = statusManager;
        this.applicationInfoManager = applicationInfoManager;
        this.filterLoader = filterLoader;
        this.sessionContextDecorator = sessionContextDecorator;
        this.usageNotifier = usageNotifier;
        this.requestCompleteHandler = requestCompleteHandler;
        this.eventLoopGroupMetrics = eventLoopGroupMetrics;
        this.gatewatchChannelHandler = gatewatchChannelHandler;
    }

    /** Starts the server on an ephemeral port and answers it. */
    int start() {
        return start(0);
    }

    /** Starts the server on {@code port} (0: any free one) and answers the port. */
    int start(int port) {
        return start("main", port);
    }

    /**
     * Starts a server whose listener is named {@code listener} (Zuul reads its
     * {@code server.<listener>.*} properties) on {@code port} and answers the port.
     */
    int start(String listener, int port) {
        ChannelGroup clientChannels = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
        ChannelConfig channelConfig = BaseServerStartup.defaultChannelConfig(listener);
        ZuulServerChannelInitializer initializer =
                new ZuulServerChannelInitializer(listener, channelConfig, dependencies(), clientChannels) {
                    @Override
                    protected void addTcpRelatedHandlers(ChannelPipeline pipeline) {
                        super.addTcpRelatedHandlers(pipeline);
                        gatewatchChannelHandler.ifPresent(handler -> pipeline.addLast("gatewatch", handler));
                    }
                };
        NamedSocketAddress address = new NamedSocketAddress(listener, new InetSocketAddress("127.0.0.1", port));
        Server server = new Server(registry, statusManager, Map.of(address, initializer),
                new ClientConnectionsShutdown(clientChannels, GlobalEventExecutor.INSTANCE, null),
                eventLoopGroupMetrics, new DefaultEventLoopConfig(2, 1), null);
        server.start();
        servers.add(server);
        return ((InetSocketAddress) server.getListeningAddresses().get(0).unwrap()).getPort();
    }

    void stop() {
        servers.forEach(Server::stop);
    }

    private ChannelConfig dependencies() {
        ChannelConfig deps = new ChannelConfig();
        deps.set(ZuulDependencyKeys.registry, registry);
        deps.set(ZuulDependencyKeys.applicationInfoManager, applicationInfoManager);
        deps.set(ZuulDependencyKeys.serverStatusManager, statusManager);
        deps.set(ZuulDependencyKeys.sessionCtxDecorator, sessionContextDecorator);
        deps.set(ZuulDependencyKeys.requestCompleteHandler, requestCompleteHandler);
        deps.set(ZuulDependencyKeys.httpRequestHeadersReadTimeoutCounter, registry.counter("server.http.request.headers.read.timeout"));
        deps.set(ZuulDependencyKeys.httpRequestReadTimeoutCounter, registry.counter("server.http.request.read.timeout"));
        deps.set(ZuulDependencyKeys.filterLoader, filterLoader);
        deps.set(ZuulDependencyKeys.filterUsageNotifier, usageNotifier);
        deps.set(ZuulDependencyKeys.eventLoopGroupMetrics, eventLoopGroupMetrics);
        deps.set(ZuulDependencyKeys.sslClientCertCheckChannelHandlerProvider, new NullChannelHandlerProvider());
        deps.set(ZuulDependencyKeys.rateLimitingChannelHandlerProvider, new NullChannelHandlerProvider());
        return deps;
    }
}
