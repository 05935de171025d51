package io.gatewatch.vertx.internal;

import io.vertx.core.spi.metrics.ClientMetrics;
import io.vertx.core.spi.observability.HttpRequest;
import io.vertx.core.spi.observability.HttpResponse;

/**
 * The HTTP client's calls to one upstream address. A call begins on the connection's event loop;
 * it belongs to a server request only when that request's context runs it (see
 * {@link RequestContexts}), and then every later callback runs on that same event loop.
 */
final class UpstreamEndpoint implements ClientMetrics<Exchange, HttpRequest, HttpResponse> {
    private final Upstream upstream;

    UpstreamEndpoint(Upstream upstream) {
        this.upstream = upstream;
    }

    @Override
    public Exchange requestBegin(String uri, HttpRequest request) {
        Exchange exchange = RequestContexts.current();
        if (exchange == null) {
            return null;
        }
        if (exchange.upstreamStart == 0) {
            exchange.upstreamStart = System.nanoTime();
        }
        exchange.upstreamRequestSent = true;
        exchange.upstreamAnswered = false;
        exchange.upstreamEnd = 0;
        exchange.upstreamPending = true;
        exchange.upstream = upstream;
        return exchange;
    }

    @Override
    public void responseBegin(Exchange exchange, HttpResponse response) {
        if (exchange != null) {
            exchange.upstreamAnswered = true;
        }
    }

    @Override
    public void responseEnd(Exchange exchange, long bytesRead) {
        if (exchange != null) {
            exchange.upstreamEnd = System.nanoTime();
            exchange.upstreamPending = false;
        }
    }

    @Override
    public void requestReset(Exchange exchange) {
        if (exchange != null) {
            if (exchange.upstreamEnd == 0) {
                exchange.upstreamEnd = System.nanoTime();
            }
            exchange.upstreamPending = false;
        }
    }
}
