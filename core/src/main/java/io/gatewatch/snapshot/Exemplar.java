package io.gatewatch.snapshot;

import io.gatewatch.api.TraceContext;

/**
 * A recorded value linked to the trace of the request that produced it.
 *
 * @param traceIdHigh     upper 64 bits of the W3C trace id
 * @param traceIdLow      lower 64 bits of the trace id
 * @param spanId          the gateway's span id
 * @param value           the raw value (nanoseconds for durations)
 * @param timestampMillis epoch milliseconds when it was recorded
 */
public record Exemplar(long traceIdHigh, long traceIdLow, long spanId, long value, long timestampMillis) {

    /** The trace id as 32 lower-case hex digits. */
    public String traceId() {
        return TraceContext.traceIdHex(traceIdHigh, traceIdLow);
    }

    /** The span id as 16 lower-case hex digits. */
    public String spanIdHex() {
        return TraceContext.spanIdHex(spanId);
    }
}
