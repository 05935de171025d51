package io.gatewatch.vertx.internal;

import io.gatewatch.api.ConnectionMetrics;
import io.gatewatch.api.HttpMethod;
import io.gatewatch.api.ResponseSource;
import io.gatewatch.api.RouteMetrics;
import io.gatewatch.api.UpDownCounter;
import io.gatewatch.api.adapter.SampledTraceParent;
import io.gatewatch.api.adapter.SourceRules;
import io.vertx.core.internal.http.HttpServerRequestInternal;
import io.vertx.core.net.SocketAddress;
import io.vertx.core.spi.metrics.HttpServerMetrics;
import io.vertx.core.spi.observability.HttpRequest;
import io.vertx.core.spi.observability.HttpResponse;

/**
 * One HTTP server's requests and connections. Vert.x calls it on the connection's event loop:
 * {@code requestBegin}, {@code requestRouted} (Vert.x Web, once per matching route), {@code
 * requestEnd} with the body bytes read, {@code responseEnd} with the body bytes written, or
 * {@code requestReset} when the client left first.
 */
final class ServerRequests implements HttpServerMetrics<Exchange, Void, ClientConnection> {
    private static final String TRACEPARENT = "traceparent";

    private final RouteLookup routes;
    private final ConnectionMetrics connections;
    private final UpDownCounter inFlight;

    ServerRequests(RouteLookup routes, ConnectionMetrics connections, UpDownCounter inFlight) {
        this.routes = routes;
        this.connections = connections;
        this.inFlight = inFlight;
    }

    @Override
    public ClientConnection connected(SocketAddress remoteAddress, String remoteName) {
        connections.opened();
        return new ClientConnection(System.nanoTime());
    }

    @Override
    public void disconnected(ClientConnection connection, SocketAddress remoteAddress) {
        if (connection != null) {
            connections.closed(System.nanoTime() - connection.openedAt);
        }
    }

    @Override
    public Exchange requestBegin(ClientConnection connection, HttpRequest request) {
        if (connection == null) {
            return null;
        }
        Exchange exchange = connection.take();
        HttpServerRequestInternal internal = request instanceof HttpServerRequestInternal r ? r : null;
        exchange.begin(System.nanoTime(), HttpMethod.of(request.method().name()),
                SampledTraceParent.parse(request.headers().get(TRACEPARENT)), internal == null ? null : internal.context());
        if (exchange.context != null) {
            RequestContexts.bind(exchange.context, exchange);
        }
        inFlight.increment();
        return exchange;
    }

    @Override
    public void requestRouted(Exchange exchange, String route) {
        // a route without path or name (router.route().handler(...)) matches everything: it routes nothing
        if (exchange != null && route != null) {
            exchange.route = route;
        }
    }

    @Override
    public void requestEnd(Exchange exchange, HttpRequest request, long bytesRead) {
        if (exchange != null) {
            exchange.bytesIn = bytesRead;
        }
    }

    @Override
    public void responseBegin(Exchange exchange, HttpResponse response) {
        if (exchange != null) {
            exchange.status = response.statusCode();
        }
    }

    @Override
    public void responseEnd(Exchange exchange, HttpResponse response, long bytesWritten) {
        if (exchange != null && !exchange.finished) {
            finish(exchange, response.statusCode(), bytesWritten);
        }
    }

    /**
     * The client left before the response ended: counted once, with the status already sent (or
     * 499, nginx's "client closed request", when none was) and no body bytes, which Vert.x does
     * not report for a reset request.
     */
    @Override
    public void requestReset(Exchange exchange) {
        if (exchange != null && !exchange.finished) {
            finish(exchange, exchange.status == 0 ? SourceRules.CLIENT_CLOSED : exchange.status, 0);
        }
    }

    private void finish(Exchange exchange, int status, long bytesOut) {
        long end = System.nanoTime();
        exchange.finished = true;
        inFlight.decrement();
        if (exchange.context != null) {
            RequestContexts.unbind(exchange.context);
        }
        RouteMetrics metrics;
        ResponseSource source;
        long upstreamNanos = RouteMetrics.NO_UPSTREAM;
        boolean attempted = exchange.upstreamAttempted();
        if (exchange.route == null && !attempted) {
            source = SourceRules.unrouted(status);
            metrics = SourceRules.unroutedHandle(routes.handles(), source, false);
        } else {
            metrics = routes.of(exchange.route, exchange.upstream);
            boolean answered = exchange.upstreamAnswered;
            if (attempted) {
                if (exchange.sentUnseen(status)) {
                    // sent on another event loop's connection: answered, its time unknown, so all of it is upstream time
                    answered = true;
                    upstreamNanos = end - exchange.start;
                } else {
                    upstreamNanos = exchange.upstreamNanos(end);
                }
            }
            source = SourceRules.routed(status, attempted, answered);
            if (source == ResponseSource.RATE_LIMITED) {
                metrics.rateLimited();
            }
        }
        metrics.record(exchange.method, status, source, end - exchange.start, upstreamNanos,
                exchange.bytesIn, bytesOut, null, exchange.trace);
        exchange.connection.giveBack(exchange);
    }
}
