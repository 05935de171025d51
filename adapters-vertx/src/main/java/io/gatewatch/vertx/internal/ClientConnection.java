package io.gatewatch.vertx.internal;

/**
 * A client's socket to the gateway's HTTP server: when it opened, and one exchange kept for its
 * next request, since HTTP/1.1 serves a connection's requests one after another.
 */
final class ClientConnection {
    final long openedAt;
    private Exchange spare;

    ClientConnection(long openedAt) {
        this.openedAt = openedAt;
    }

    Exchange take() {
        Exchange exchange = spare;
        if (exchange == null) {
            return new Exchange(this);   // the first request, or a pipelined / HTTP/2 one beside it
        }
        spare = null;
        return exchange;
    }

    void giveBack(Exchange exchange) {
        if (!exchange.upstreamPending) {
            exchange.trace = null;
            exchange.context = null;
            exchange.upstream = null;
            spare = exchange;
        }
    }
}
