package io.gatewatch.exporter.prometheus;

import io.gatewatch.spi.StatusRequest;
import io.gatewatch.spi.StatusResponse;
import io.gatewatch.spi.StatusRoute;
import java.util.Map;

/**
 * {@code /metrics} on the status listener. The listener applies its auth, HEAD and gzip; this
 * route only picks the format from {@code Accept} and renders.
 */
final class MetricsRoute implements StatusRoute {
    private final String path;
    private final MetricsEndpoint endpoint;

    MetricsRoute(String path, MetricsEndpoint endpoint) {
        this.path = path;
        this.endpoint = endpoint;
    }

    @Override
    public String path() {
        return path;
    }

    @Override
    public StatusResponse handle(StatusRequest request) throws Exception {
        // the SPI's response owns its bytes, so the reused buffer is copied once here
        return endpoint.scrape(request.header("accept"),
                (contentType, body) -> new StatusResponse(200, contentType, body.toByteArray(), Map.of(), true));
    }
}
