package io.gatewatch.spring.gateway.internal.tracing;

import io.gatewatch.api.TraceContext;
import io.gatewatch.api.adapter.SampledTraceParent;

/**
 * Where a request's exemplar trace comes from: the span the application's tracer made for the
 * request when there is one, else the incoming sampled {@code traceparent}.
 */
public interface TraceSource {
    /** Without a tracer: the incoming header, when it is sampled. */
    TraceSource INCOMING_TRACEPARENT = (serverObservation, traceparent) -> SampledTraceParent.parse(traceparent);

    /**
     * @param serverObservation the request's server observation context as Spring keeps it in the
     *                          exchange or request attributes, or {@code null}
     * @param traceparent       the incoming {@code traceparent} header, or {@code null}
     * @return the sampled trace the request belongs to, or {@code null} (not sampled, or none)
     */
    TraceContext of(Object serverObservation, String traceparent);
}
