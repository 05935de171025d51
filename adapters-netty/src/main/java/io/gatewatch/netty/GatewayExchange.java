package io.gatewatch.netty;

import io.gatewatch.api.RouteMetrics;
import io.gatewatch.netty.internal.ServerRecorder;
import io.netty.channel.Channel;
import java.net.URI;
import java.util.Map;

/**
 * One request on a server channel, as the gateway labels it: its route, its consumer and its
 * upstream attempt. The server handler made it when it read the request; the gateway finds it with
 * {@link #current(Channel)} while it handles that request and keeps it for as long as it works on
 * the request (pipelined requests each have their own).
 *
 * <p>Call it from the server channel's event loop, or from the upstream channel's before the
 * response goes back to the client (Netty's hand-over orders the two). The object is reused for a
 * later request on the same connection once its response is written: do not keep it beyond that.
 */
public interface GatewayExchange {

    /** The request last read on this server channel, or {@code null} if the channel has no server handler. */
    static GatewayExchange current(Channel serverChannel) {
        return ServerRecorder.current(serverChannel);
    }

    /** The route the gateway chose, resolved once per route with {@link GatewatchNetty#route}. */
    void route(RouteMetrics route);

    /**
     * The route the gateway chose, resolved here (once per route id and {@code identity}, see
     * {@link io.gatewatch.api.adapter.RouteHandles#route}).
     *
     * @param metadata may name the {@code service}; else the upstream URI's host does
     * @param identity the gateway's own route object: a different one is resolved again
     */
    void route(String routeId, URI upstream, Map<String, Object> metadata, Object identity);

    /** The consumer (API client) the gateway identified; counted when per-consumer metrics are on. */
    void consumer(String consumerId);

    /**
     * The upstream attempt starts: a connection is being opened or a pooled one is about to be
     * written to. Binds the upstream channel, so that its {@link GatewatchNetty#upstreamHandler()}
     * (if the gateway added it) times the answer: answered at the response's head, ended at its last
     * byte, failed when the channel breaks first. A request with an attempt and no answer is
     * {@code upstream_unreachable}.
     */
    void upstreamStarted(Channel upstreamChannel);

    /** For gateways without the upstream handler: the upstream's response head came back. */
    void upstreamAnswered();

    /** For gateways without the upstream handler: the upstream's response ended, or the attempt failed. */
    void upstreamEnded();
}
