package io.gatewatch.spring.gateway.internal.reactive;

import io.gatewatch.api.GatewayMetrics;
import io.gatewatch.api.UpDownCounter;
import io.gatewatch.api.adapter.RouteHandles;
import io.gatewatch.spring.gateway.internal.tracing.TraceSource;
import org.springframework.http.server.reactive.HttpHandler;
import org.springframework.http.server.reactive.HttpHandlerDecoratorFactory;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import org.springframework.http.server.reactive.ServerHttpResponse;
import reactor.core.publisher.Flux;

/**
 * Wraps the whole WebFlux handler, outside the filters, the dispatcher and the error handler: the
 * only place that sees every request (those no route matched, those Spring Security refused) and
 * every byte of every response (error pages included), and whose completion is the response's
 * last byte.
 */
public final class ExchangeRecorder implements HttpHandlerDecoratorFactory {
    private final RouteHandles handles;
    private final UpDownCounter inFlight;
    private final ResponseCaches caches;
    private final TraceSource traces;

    /**
     * @param globalResponseCache whether SCG's local response cache is on for every route
     * @param traces              where a request's exemplar trace comes from
     */
    public ExchangeRecorder(RouteHandles handles, GatewayMetrics metrics, boolean globalResponseCache,
                            TraceSource traces) {
        this.handles = handles;
        this.inFlight = metrics.inFlight();
        this.caches = new ResponseCaches(metrics, globalResponseCache);
        this.traces = traces;
    }

    @Override
    public HttpHandler apply(HttpHandler handler) {
        return (request, response) -> {
            ExchangeRecording recording = new ExchangeRecording(request, response, this, System.nanoTime());
            inFlight.increment();
            return handler.handle(mayHaveBody(request) ? new CountingRequest(request, recording) : request, recording)
                    .doFinally(recording);
        };
    }

    /**
     * A request without Content-Length or Transfer-Encoding has no body in HTTP/1.1; for the usual
     * GET and HEAD the counting decorator is left out. (An HTTP/2 GET could carry a body without
     * either header; no client sends one, and its bytes would go uncounted, not miscounted.)
     */
    private static boolean mayHaveBody(ServerHttpRequest request) {
        org.springframework.http.HttpMethod method = request.getMethod();
        if (method != org.springframework.http.HttpMethod.GET && method != org.springframework.http.HttpMethod.HEAD) {
            return true;
        }
        org.springframework.http.HttpHeaders headers = request.getHeaders();
        return headers.getFirst(org.springframework.http.HttpHeaders.CONTENT_LENGTH) != null
                || headers.getFirst(org.springframework.http.HttpHeaders.TRANSFER_ENCODING) != null;
    }

    ResponseCaches caches() {
        return caches;
    }

    RouteHandles handles() {
        return handles;
    }

    TraceSource traces() {
        return traces;
    }

    void finished() {
        inFlight.decrement();
    }

    /** Counts the request body's bytes as the gateway reads them. */
    private static final class CountingRequest extends ServerHttpRequestDecorator {
        private final ExchangeRecording recording;

        CountingRequest(ServerHttpRequest delegate, ExchangeRecording recording) {
            super(delegate);
            this.recording = recording;
        }

        @Override
        public Flux<org.springframework.core.io.buffer.DataBuffer> getBody() {
            return super.getBody().doOnNext(recording::countIn);
        }
    }

}
