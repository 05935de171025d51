package io.gatewatch.zuul;

import com.netflix.zuul.RequestCompleteHandler;
import com.netflix.zuul.message.http.HttpRequestInfo;
import com.netflix.zuul.message.http.HttpResponseMessage;
import io.gatewatch.api.GatewayMetrics;
import io.gatewatch.zuul.internal.ZuulRequestRecorder;

/**
 * Records every request Zuul finishes (answered, failed or abandoned by its client) from Zuul's own
 * data: route and service from the origin VIP, who answered from Zuul's status category, total and
 * upstream time from the request's passport, bytes from Zuul's body-size recording. Zuul calls it
 * on the request's event loop once the response's last byte is written.
 *
 * <p>Bind it as Zuul's {@link RequestCompleteHandler}; {@link #andThen} keeps a handler the server
 * already had (Zuul's {@code BasicRequestCompleteHandler} and its metrics publisher).
 */
public final class GatewatchRequestCompleteHandler implements RequestCompleteHandler {
    private final ZuulRequestRecorder recorder;

    public GatewatchRequestCompleteHandler(GatewayMetrics metrics) {
        this.recorder = new ZuulRequestRecorder(metrics);
    }

    @Override
    public void handle(HttpRequestInfo inboundRequest, HttpResponseMessage response) {
        recorder.record(inboundRequest, response);
    }

    /** This handler, then {@code next} (which still runs if recording failed). */
    public RequestCompleteHandler andThen(RequestCompleteHandler next) {
        return (request, response) -> {
            try {
                handle(request, response);
            } finally {
                next.handle(request, response);
            }
        };
    }
}
