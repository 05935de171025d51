package io.gatewatch.vertx.internal;

import io.vertx.core.spi.metrics.PoolMetrics;

/**
 * The HTTP client's connection pool for one upstream address. A request asks it for a connection
 * on the calling request's context before anything is written, and hears back there, whether a
 * connection came or connecting failed: so the upstream attempt starts here (connecting included),
 * and a refused connection, which never begins an upstream request, is still an attempt.
 */
final class UpstreamPool implements PoolMetrics<Exchange, Void> {
    private final Upstream upstream;

    UpstreamPool(Upstream upstream) {
        this.upstream = upstream;
    }

    @Override
    public Exchange enqueue() {
        Exchange exchange = RequestContexts.current();
        if (exchange == null) {
            return null;
        }
        if (exchange.upstreamStart == 0) {
            exchange.upstreamStart = System.nanoTime();
        }
        exchange.connectionSettled = 0;
        exchange.upstreamRequestSent = false;
        exchange.upstreamPending = true;
        exchange.upstream = upstream;
        return exchange;
    }

    @Override
    public void dequeue(Exchange exchange) {
        if (exchange != null) {
            exchange.connectionSettled = System.nanoTime();
            exchange.upstreamPending = false;
        }
    }
}
