package io.gatewatch.vertx.internal;

import io.vertx.core.net.SocketAddress;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The upstream addresses seen, one object each: Vert.x creates a client's endpoint metrics and its
 * connection pool's metrics separately for the same address (the pool knows it only by its text),
 * and both must name the same upstream so a route's handle is resolved once.
 */
final class Upstreams {
    private final Map<String, Upstream> byAddress = new ConcurrentHashMap<>();

    Upstream of(SocketAddress address) {
        return byAddress.computeIfAbsent(address.toString(), text -> new Upstream(address.host() == null ? text : address.host(), address.port()));
    }

    /** @param address a socket address' text, {@code host:port} */
    Upstream named(String address) {
        return byAddress.computeIfAbsent(address, text -> {
            int colon = text.lastIndexOf(':');
            if (colon <= 0) {
                return new Upstream(text, -1);
            }
            try {
                return new Upstream(text.substring(0, colon), Integer.parseInt(text.substring(colon + 1)));
            } catch (NumberFormatException e) {
                return new Upstream(text, -1);
            }
        });
    }
}
