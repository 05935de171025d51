package io.gatewatch.netty.internal;

import io.gatewatch.api.HttpMethod;
import io.gatewatch.api.ResponseSource;
import io.gatewatch.api.RouteMetrics;
import io.gatewatch.api.TraceParent;
import io.gatewatch.api.adapter.RouteHandles;
import io.gatewatch.api.adapter.SampledTraceParent;
import io.gatewatch.api.adapter.SourceRules;
import io.gatewatch.netty.GatewayExchange;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.util.AsciiString;
import java.net.URI;
import java.util.Map;

/**
 * One request's facts from the moment it was read to its response's last write, kept by its
 * channel's {@link ServerRecorder} and reused for the channel's later requests (so a keep-alive
 * connection allocates nothing per request). Recorded exactly once, whichever way it ends.
 */
final class ExchangeRecord implements GatewayExchange, ChannelFutureListener {
    static final int SWITCHING_PROTOCOLS = 101;
    /** The header name with its hash computed once: Netty's headers hash the name on every lookup otherwise. */
    private static final AsciiString TRACEPARENT = AsciiString.cached(TraceParent.HEADER);

    private final ServerRecorder recorder;
    private final RouteHandles handles;
    private HttpMethod method;
    private String traceparent;
    private long start;
    private long bytesIn;
    private long bytesOut;
    private int status;
    private RouteMetrics route;
    private RouteMetrics.Consumer consumer;
    private long upstreamStart;
    private long upstreamEnd;
    private boolean upstreamAnswered;
    private boolean upstreamInterim;

    ExchangeRecord(ServerRecorder recorder, RouteHandles handles) {
        this.recorder = recorder;
        this.handles = handles;
    }

    void begin(HttpRequest request, long now) {
        method = HttpMethod.of(request.method().name());
        traceparent = request.headers().get(TRACEPARENT);
        start = now;
        bytesIn = 0;
        bytesOut = 0;
        status = 0;
        route = null;
        consumer = null;
        upstreamStart = 0;
        upstreamEnd = 0;
        upstreamAnswered = false;
        upstreamInterim = false;
    }

    void read(int bytes) {
        bytesIn += bytes;
    }

    void written(int bytes) {
        bytesOut += bytes;
    }

    /** The final response head (not a 1xx interim one, except a protocol switch). */
    void status(int code) {
        status = code;
    }

    boolean responding() {
        return status != 0;
    }

    @Override
    public void route(RouteMetrics route) {
        this.route = route;
    }

    @Override
    public void route(String routeId, URI upstream, Map<String, Object> metadata, Object identity) {
        this.route = handles.route(routeId, upstream, metadata, identity);
    }

    @Override
    public void consumer(String consumerId) {
        this.consumer = consumerId == null ? null : handles.consumer(consumerId);
    }

    @Override
    public void upstreamStarted(Channel upstreamChannel) {
        upstreamStart = System.nanoTime();
        upstreamEnd = 0;
        upstreamAnswered = false;
        upstreamInterim = false;
        if (upstreamChannel != null) {
            UpstreamTimer.bind(upstreamChannel, this);
        }
    }

    /** A pooled upstream connection written to without {@link #upstreamStarted(Channel)}. */
    void upstreamStartedIfNot() {
        if (upstreamStart == 0) {
            upstreamStart = System.nanoTime();
        }
    }

    /** A response head from the upstream: a 1xx interim one (100 Continue) is not its answer yet. */
    void upstreamHead(int code) {
        upstreamInterim = code < 200 && code != SWITCHING_PROTOCOLS;
        if (!upstreamInterim) {
            upstreamAnswered = true;
        }
    }

    /** The upstream's last content was read: whether it ended the answer (not an interim head). */
    boolean upstreamResponseEnded() {
        if (upstreamInterim) {
            upstreamInterim = false;
            return false;
        }
        return true;
    }

    @Override
    public void upstreamAnswered() {
        upstreamAnswered = true;
    }

    @Override
    public void upstreamEnded() {
        if (upstreamStart != 0 && upstreamEnd == 0) {
            upstreamEnd = System.nanoTime();
        }
    }

    /** The response's last write completed, or failed because the client left mid-response. */
    @Override
    public void operationComplete(ChannelFuture future) {
        record(System.nanoTime());
        recorder.done(this);
    }

    /** Recorded when its client left before its response was written to the end. */
    void record(long end) {
        int code = status != 0 ? status : SourceRules.CLIENT_CLOSED;
        boolean attempted = upstreamStart != 0;
        long upstreamNanos = attempted ? (upstreamEnd != 0 ? upstreamEnd : end) - upstreamStart : RouteMetrics.NO_UPSTREAM;
        RouteMetrics metrics;
        ResponseSource source;
        if (route == null) {
            source = SourceRules.unrouted(code);
            metrics = SourceRules.unroutedHandle(handles, source, false);
        } else {
            metrics = route;
            source = SourceRules.routed(code, attempted, upstreamAnswered);
            if (source == ResponseSource.RATE_LIMITED) {
                metrics.rateLimited();
            }
        }
        metrics.record(method, code, source, end - start, upstreamNanos, bytesIn, bytesOut, consumer,
                SampledTraceParent.parse(traceparent));
    }
}
