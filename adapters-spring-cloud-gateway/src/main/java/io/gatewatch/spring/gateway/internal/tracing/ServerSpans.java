package io.gatewatch.spring.gateway.internal.tracing;

import io.gatewatch.api.TraceContext;
import io.gatewatch.api.adapter.SampledTraceParent;
import io.micrometer.observation.Observation;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.handler.TracingObservationHandler;

/**
 * The server span Micrometer Tracing (over OpenTelemetry or Brave) made for the request: its
 * tracing handler keeps the span in the observation context that Spring's server observation
 * leaves in the exchange (WebFlux) or request (servlet) attributes, so no tracer is consulted per
 * request and ids are read only from sampled spans. A request without a real span (server
 * observations switched off, a no-op tracer: no trace id) falls back to the incoming
 * {@code traceparent}.
 */
public final class ServerSpans implements TraceSource {
    @Override
    public TraceContext of(Object serverObservation, String traceparent) {
        Span span = spanOf(serverObservation);
        // not Span.isNoop(): the OpenTelemetry bridge reports an ended span as a no-op one
        io.micrometer.tracing.TraceContext context = span == null ? null : span.context();
        if (context == null || context.traceId() == null || context.traceId().isEmpty()) {
            return SampledTraceParent.parse(traceparent);
        }
        if (!Boolean.TRUE.equals(context.sampled())) {
            return null;
        }
        return HexIds.traceContext(context.traceId(), context.spanId());
    }

    private static Span spanOf(Object serverObservation) {
        if (!(serverObservation instanceof Observation.Context context)) {
            return null;
        }
        TracingObservationHandler.TracingContext tracing = context.get(TracingObservationHandler.TracingContext.class);
        return tracing == null ? null : tracing.getSpan();
    }
}
