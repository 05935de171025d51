package io.gatewatch.spring.gateway.internal.reactive;

import io.gatewatch.api.HttpMethod;
import io.gatewatch.api.ResponseSource;
import io.gatewatch.api.RouteMetrics;
import io.gatewatch.api.TraceContext;
import io.gatewatch.api.TraceParent;
import io.gatewatch.api.adapter.RouteHandles;
import io.gatewatch.api.adapter.SourceRules;
import java.util.Map;
import java.util.function.Consumer;
import org.reactivestreams.Publisher;
import org.springframework.cloud.gateway.route.Route;
import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.server.reactive.observation.ServerRequestObservationContext;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.http.server.reactive.ServerHttpResponseDecorator;
import org.springframework.web.reactive.HandlerMapping;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.SignalType;

/**
 * One request from the moment the server handed it over to the last byte written (or the client
 * gone): the response as the application writes it, so the bytes counted are the bytes written,
 * error pages included, and the facts the exchange gathered on the way (route, upstream attempt).
 * Recorded exactly once, whichever way the request ends.
 */
final class ExchangeRecording extends ServerHttpResponseDecorator implements Consumer<SignalType> {
    /** Exchange attribute a filter may set to the consumer (API client) id of the request. */
    static final String CONSUMER_ATTRIBUTE = "gatewatch.consumer";

    private final ExchangeRecorder recorder;
    private final HttpMethod method;
    private final String traceparent;
    private final long start;
    private long bytesIn;
    private long bytesOut;
    private long upstreamStart;
    private long upstreamEnd;
    private boolean upstreamAnswered;
    private volatile Map<String, Object> attributes;
    private boolean recorded;

    ExchangeRecording(ServerHttpRequest request, ServerHttpResponse response, ExchangeRecorder recorder, long start) {
        super(response);
        this.recorder = recorder;
        this.method = HttpMethod.of(request.getMethod().name());
        this.traceparent = request.getHeaders().getFirst(TraceParent.HEADER);
        this.start = start;
    }

    /**
     * This request's recording, found under the filters' response decorators (if any) rather than
     * in an exchange attribute, which would cost a map entry per request.
     */
    static ExchangeRecording of(ServerHttpResponse response) {
        ServerHttpResponse current = response;
        while (current instanceof ServerHttpResponseDecorator decorator) {
            if (decorator instanceof ExchangeRecording recording) {
                return recording;
            }
            current = decorator.getDelegate();
        }
        return null;
    }

    void bind(Map<String, Object> exchangeAttributes) {
        this.attributes = exchangeAttributes;
    }

    void countIn(DataBuffer buffer) {
        bytesIn += buffer.readableByteCount();
    }

    private void countOut(DataBuffer buffer) {
        bytesOut += buffer.readableByteCount();
    }

    void upstreamStarted() {
        upstreamStart = System.nanoTime();
        upstreamEnd = 0;
        upstreamAnswered = false;
    }

    /** The routing step ended: headers came back, or the attempt failed. */
    void upstreamEnded() {
        upstreamEnd = System.nanoTime();
    }

    /** A single-buffer body: counted, and that was all of it. */
    private void countLastOut(DataBuffer buffer) {
        countOut(buffer);
        bodyWritten();
    }

    private void bodyWritten() {
        // an upstream's streamed body ends with the upstream's work
        if (upstreamStart != 0 && upstreamEnd != 0 && upstreamAnswered()) {
            upstreamEnd = System.nanoTime();
        }
    }

    private boolean upstreamAnswered() {
        if (!upstreamAnswered) {
            Map<String, Object> attrs = attributes;
            upstreamAnswered = attrs != null && attrs.get(ServerWebExchangeUtils.CLIENT_RESPONSE_ATTR) != null;
        }
        return upstreamAnswered;
    }

    @Override
    public Mono<Void> writeWith(Publisher<? extends DataBuffer> body) {
        if (body instanceof Mono<? extends DataBuffer> single) {
            return super.writeWith(single.doOnNext(this::countLastOut));
        }
        return super.writeWith(Flux.from(body).doOnNext(this::countOut).doOnComplete(this::bodyWritten));
    }

    @Override
    public Mono<Void> writeAndFlushWith(Publisher<? extends Publisher<? extends DataBuffer>> body) {
        return super.writeAndFlushWith(Flux.from(body)
                .map(chunk -> Flux.from(chunk).doOnNext(this::countOut))
                .doOnComplete(this::bodyWritten));
    }

    /** The whole handler's end signal (so that the handler needs no lambda per request). */
    @Override
    public void accept(SignalType signal) {
        finish(signal);
    }

    /**
     * Called once the server is done with the request: completed, failed, or cancelled by a client
     * gone (then recorded with the status already sent and the bytes written until then, or as
     * {@link SourceRules#CLIENT_CLOSED} when no response head had been sent).
     */
    void finish(SignalType signal) {
        if (recorded) {
            return;
        }
        recorded = true;
        long end = System.nanoTime();
        recorder.finished();
        // a client gone before the response head was sent got no answer, whatever was about to be said
        boolean clientGone = signal == SignalType.CANCEL && !isCommitted();
        HttpStatusCode code = getStatusCode();
        int status = clientGone ? SourceRules.CLIENT_CLOSED : code == null ? 200 : code.value();
        Map<String, Object> attrs = attributes;
        Route route = attrs == null ? null : (Route) attrs.get(ServerWebExchangeUtils.GATEWAY_ROUTE_ATTR);
        RouteHandles handles = recorder.handles();
        RouteMetrics metrics;
        ResponseSource source;
        long upstreamNanos = RouteMetrics.NO_UPSTREAM;
        if (route == null) {
            source = SourceRules.unrouted(status);
            boolean localHandler = attrs != null && attrs.get(HandlerMapping.BEST_MATCHING_HANDLER_ATTRIBUTE) != null;
            metrics = SourceRules.unroutedHandle(handles, source, localHandler);
        } else {
            metrics = handles.route(route.getId(), route.getUri(), route.getMetadata(), route);
            boolean attempted = upstreamStart != 0;
            if (attempted) {
                upstreamNanos = (upstreamEnd != 0 ? upstreamEnd : end) - upstreamStart;
            }
            source = SourceRules.routed(status, attempted, attempted && upstreamAnswered());
            if (method == HttpMethod.GET) {
                if (attempted) {
                    recorder.caches().of(route).miss();
                } else if (status >= 200 && status < 300) {
                    recorder.caches().of(route).hit();
                }
            }
            if (source == ResponseSource.RATE_LIMITED) {
                metrics.rateLimited();
            }
        }
        Object consumerId = attrs == null ? null : attrs.get(CONSUMER_ATTRIBUTE);
        RouteMetrics.Consumer consumer = consumerId instanceof String id ? handles.consumer(id) : null;
        Object observation = attrs == null ? null
                : attrs.get(ServerRequestObservationContext.CURRENT_OBSERVATION_CONTEXT_ATTRIBUTE);
        TraceContext trace = recorder.traces().of(observation, traceparent);
        metrics.record(method, status, source, end - start, upstreamNanos, bytesIn, bytesOut, consumer, trace);
    }
}
