package io.gatewatch.netty;

import io.gatewatch.Gatewatch;
import io.gatewatch.api.ConnectionMetrics;
import io.gatewatch.api.GatewayMetrics;
import io.gatewatch.api.RouteMetrics;
import io.gatewatch.api.adapter.RouteHandles;
import io.gatewatch.netty.internal.ServerRecorder;
import io.gatewatch.netty.internal.UpstreamTimer;
import io.netty.channel.ChannelHandler;
import java.net.URI;
import java.util.Map;

/**
 * What a Netty HTTP gateway adds to its pipelines. Made once, beside the server's bootstrap:
 *
 * <pre>{@code
 * GatewatchNetty recording = GatewatchNetty.create(gatewatch);
 * // server channel initializer
 * pipeline.addLast(recording.connectionHandler(), new HttpServerCodec(), recording.serverHandler(), proxy);
 * // upstream channel initializer (optional: upstream time and who answered)
 * pipeline.addLast(new HttpClientCodec(), recording.upstreamHandler(), relay);
 * // in the proxy, per request
 * GatewayExchange exchange = GatewayExchange.current(ctx.channel());
 * exchange.route(usersRoute);                 // RouteMetrics resolved once with recording.route(...)
 * exchange.upstreamStarted(upstreamChannel);
 * }</pre>
 *
 * Requests the gateway never labels are counted by the rules of every adapter: a 404 as service
 * {@code gateway}, route {@code no_route}, source {@code no_route}.
 */
public final class GatewatchNetty {
    /** The {@code listener} label of the connection metrics unless another is given. */
    public static final String DEFAULT_LISTENER = "http";

    private final GatewayMetrics metrics;
    private final RouteHandles handles;
    private final ConnectionMetrics connections;
    private final UpstreamTimer upstreamTimer = new UpstreamTimer();

    private GatewatchNetty(GatewayMetrics metrics, String listener) {
        this.metrics = metrics;
        this.handles = new RouteHandles(metrics);
        this.connections = metrics.connections(listener);
    }

    public static GatewatchNetty create(Gatewatch gatewatch) {
        return create(gatewatch.metrics(), DEFAULT_LISTENER);
    }

    /** @param listener the {@code listener} label of this server's connections ({@code http}, {@code https}, ...) */
    public static GatewatchNetty create(GatewayMetrics metrics, String listener) {
        return new GatewatchNetty(metrics, listener);
    }

    /** A new server handler for one channel: add it right after {@code HttpServerCodec}. */
    public ChannelHandler serverHandler() {
        return new ServerRecorder(metrics.inFlight(), handles);
    }

    /** A new connection counter for one channel: add it first. */
    public ChannelHandler connectionHandler() {
        return new ConnectionCounter(connections);
    }

    /** The upstream timing handler (shared by every upstream channel): add it right after {@code HttpClientCodec}. */
    public ChannelHandler upstreamHandler() {
        return upstreamTimer;
    }

    /**
     * A route's handle, to resolve once per route when the gateway loads its routes.
     *
     * @param metadata may name the {@code service}; else the upstream URI's host does
     */
    public RouteMetrics route(String routeId, URI upstream, Map<String, Object> metadata) {
        return handles.route(routeId, upstream, metadata, metadata);
    }
}
