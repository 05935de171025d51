package io.gatewatch.vertx.internal;

import io.gatewatch.Gatewatch;
import io.gatewatch.api.GatewayMetrics;
import io.gatewatch.api.adapter.RouteHandles;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.SocketAddress;
import io.vertx.core.spi.metrics.HttpClientMetrics;
import io.vertx.core.spi.metrics.HttpServerMetrics;
import io.vertx.core.spi.metrics.PoolMetrics;
import io.vertx.core.spi.metrics.VertxMetrics;

/**
 * Vert.x's metrics for one Vert.x instance: its HTTP servers' requests and connections, its HTTP
 * clients' upstream calls. Everything else Vert.x offers to measure (event bus, TCP, datagrams)
 * stays unmeasured.
 */
public final class GatewatchVertxMetrics implements VertxMetrics {
    private static final String HTTP_POOL = "http";

    private final Gatewatch gatewatch;
    private final boolean owned;
    private final GatewayMetrics metrics;
    private final RouteLookup routes;
    private final String listener;
    private final Upstreams upstreams = new Upstreams();

    /** @param owned whether closing Vert.x closes gatewatch too (it does when the factory started it) */
    public GatewatchVertxMetrics(Gatewatch gatewatch, VertxSettings settings, boolean owned) {
        RequestContexts.register();
        this.gatewatch = gatewatch;
        this.owned = owned;
        this.metrics = gatewatch.metrics();
        this.routes = new RouteLookup(new RouteHandles(metrics), settings.services());
        this.listener = settings.listener();
    }

    @Override
    public HttpServerMetrics<?, ?, ?> createHttpServerMetrics(HttpServerOptions options, SocketAddress localAddress) {
        return new ServerRequests(routes, metrics.connections(listener), metrics.inFlight());
    }

    @Override
    public HttpClientMetrics<?, ?, ?> createHttpClientMetrics(HttpClientOptions options) {
        return new UpstreamClient(upstreams);
    }

    @Override
    public PoolMetrics<?, ?> createPoolMetrics(String type, String name, int maxSize) {
        return HTTP_POOL.equals(type) ? new UpstreamPool(upstreams.named(name)) : null;
    }

    @Override
    public void close() {
        if (owned) {
            gatewatch.close();
        }
    }
}
