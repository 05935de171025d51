package io.gatewatch.vertx.internal;

import io.vertx.core.net.SocketAddress;
import io.vertx.core.spi.metrics.ClientMetrics;
import io.vertx.core.spi.metrics.HttpClientMetrics;
import io.vertx.core.spi.observability.HttpRequest;
import io.vertx.core.spi.observability.HttpResponse;

/** An HTTP client's upstream addresses, each resolved once, when the client first calls it. */
final class UpstreamClient implements HttpClientMetrics<Exchange, Void, Void> {
    private final Upstreams upstreams;

    UpstreamClient(Upstreams upstreams) {
        this.upstreams = upstreams;
    }

    @Override
    public ClientMetrics<Exchange, HttpRequest, HttpResponse> createEndpointMetrics(SocketAddress remoteAddress, int maxPoolSize) {
        return new UpstreamEndpoint(upstreams.of(remoteAddress));
    }
}
