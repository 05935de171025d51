package io.gatewatch.api;

/**
 * The W3C trace context of one request: a 128-bit trace id, the 64-bit id of the gateway's span
 * and the sampled flag. Immutable; the ids are kept as primitives so that recording with a trace
 * context copies three longs and never touches a string.
 *
 * <pre>{@code
 * TraceContext trace = TraceParent.continueOrStart(request.header("traceparent"), true);
 * upstreamRequest.header("traceparent", trace.traceparent());
 * ...
 * route.record(method, status, source, totalNanos, upstreamNanos, in, out, consumer, trace);
 * }</pre>
 *
 * @see TraceParent for parsing and making one
 */
public final class TraceContext {
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private final long traceIdHigh;
    private final long traceIdLow;
    private final long spanId;
    private final boolean sampled;

    private TraceContext(long traceIdHigh, long traceIdLow, long spanId, boolean sampled) {
        this.traceIdHigh = traceIdHigh;
        this.traceIdLow = traceIdLow;
        this.spanId = spanId;
        this.sampled = sampled;
    }

    /**
     * A trace context from its ids.
     *
     * @throws IllegalArgumentException when the trace id or the span id is all zeros (invalid in W3C trace context)
     */
    public static TraceContext of(long traceIdHigh, long traceIdLow, long spanId, boolean sampled) {
        if (traceIdHigh == 0 && traceIdLow == 0) {
            throw new IllegalArgumentException("trace id must not be all zeros");
        }
        if (spanId == 0) {
            throw new IllegalArgumentException("span id must not be all zeros");
        }
        return new TraceContext(traceIdHigh, traceIdLow, spanId, sampled);
    }

    /** The upper 64 bits of the trace id. */
    public long traceIdHigh() {
        return traceIdHigh;
    }

    /** The lower 64 bits of the trace id. */
    public long traceIdLow() {
        return traceIdLow;
    }

    /** The span id (the gateway's span: the parent id it forwards upstream). */
    public long spanId() {
        return spanId;
    }

    /** Whether the trace is sampled (trace-flags bit 0); only sampled traces become exemplars. */
    public boolean sampled() {
        return sampled;
    }

    /** The trace id as 32 lower-case hex digits. */
    public String traceId() {
        return traceIdHex(traceIdHigh, traceIdLow);
    }

    /** The span id as 16 lower-case hex digits. */
    public String spanIdHex() {
        return spanIdHex(spanId);
    }

    /** The {@code traceparent} header value to forward upstream: {@code 00-<trace id>-<span id>-<flags>}. */
    public String traceparent() {
        char[] out = new char[55];
        out[0] = '0';
        out[1] = '0';
        out[2] = '-';
        hex(traceIdHigh, out, 3);
        hex(traceIdLow, out, 19);
        out[35] = '-';
        hex(spanId, out, 36);
        out[52] = '-';
        out[53] = '0';
        out[54] = sampled ? '1' : '0';
        return new String(out);
    }

    /** 32 lower-case hex digits of a 128-bit trace id. */
    public static String traceIdHex(long high, long low) {
        char[] out = new char[32];
        hex(high, out, 0);
        hex(low, out, 16);
        return new String(out);
    }

    /** 16 lower-case hex digits of a span id. */
    public static String spanIdHex(long spanId) {
        char[] out = new char[16];
        hex(spanId, out, 0);
        return new String(out);
    }

    private static void hex(long v, char[] out, int at) {
        for (int i = 15; i >= 0; i--) {
            out[at + i] = HEX[(int) (v & 0xF)];
            v >>>= 4;
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TraceContext t && t.traceIdHigh == traceIdHigh && t.traceIdLow == traceIdLow
                && t.spanId == spanId && t.sampled == sampled;
    }

    @Override
    public int hashCode() {
        return Long.hashCode(traceIdHigh * 31 + traceIdLow) * 31 + Long.hashCode(spanId);
    }

    @Override
    public String toString() {
        return traceparent();
    }
}
