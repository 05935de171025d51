package io.gatewatch.api;

import java.util.concurrent.ThreadLocalRandom;
import org.jspecify.annotations.Nullable;

/**
 * Parses, validates and makes W3C {@code traceparent} headers
 * ({@code version-traceid-parentid-flags}, e.g. {@code 00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01}).
 *
 * <p>Validation follows the W3C Trace Context recommendation: two lower-case hex digits of version
 * ({@code ff} is invalid), 32 of trace id, 16 of parent id and 2 of flags, separated by dashes;
 * all-zero ids are invalid; upper-case hex is invalid. Version {@code 00} must be exactly 55
 * characters; a higher (future) version is read by its first four fields and may carry more after
 * a dash. A header that fails any rule is treated as absent: nothing of it is kept, so malformed
 * input never reaches metrics or logs.
 *
 * <p>Called once per request by the gateway, off the recording hot path.
 */
public final class TraceParent {
    /** The header name, lower case as HTTP/2 sends it. */
    public static final String HEADER = "traceparent";

    private static final int LENGTH = 55;

    private TraceParent() {
    }

    /**
     * The trace context the header carries as sent (its parent id as span id), or {@code null} when
     * the header is absent or malformed.
     */
    public static @Nullable TraceContext parse(@Nullable CharSequence header) {
        if (header == null || header.length() < LENGTH) {
            return null;
        }
        int version = hexByte(header, 0);
        if (version < 0 || version == 0xff) {
            return null;
        }
        if (version == 0 ? header.length() != LENGTH : header.length() > LENGTH && header.charAt(LENGTH) != '-') {
            return null;
        }
        if (header.charAt(2) != '-' || header.charAt(35) != '-' || header.charAt(52) != '-') {
            return null;
        }
        long high = 0;
        long low = 0;
        long span = 0;
        for (int i = 0; i < 16; i++) {
            int h = hexDigit(header.charAt(3 + i));
            int l = hexDigit(header.charAt(19 + i));
            int s = hexDigit(header.charAt(36 + i));
            if ((h | l | s) < 0) {
                return null;
            }
            high = high << 4 | h;
            low = low << 4 | l;
            span = span << 4 | s;
        }
        int flags = hexByte(header, 53);
        if (flags < 0 || (high == 0 && low == 0) || span == 0) {
            return null;
        }
        return TraceContext.of(high, low, span, (flags & 1) == 1);
    }

    /**
     * The context for the gateway's own span: the client's trace id and sampled flag with a new span
     * id when the header is valid; otherwise a new trace, sampled when {@code sampleNewTraces}.
     * Its {@link TraceContext#traceparent()} is the header to forward upstream.
     */
    public static TraceContext continueOrStart(@Nullable CharSequence header, boolean sampleNewTraces) {
        TraceContext incoming = parse(header);
        ThreadLocalRandom random = ThreadLocalRandom.current();
        if (incoming != null) {
            return TraceContext.of(incoming.traceIdHigh(), incoming.traceIdLow(), nonZero(random), incoming.sampled());
        }
        return TraceContext.of(random.nextLong(), nonZero(random), nonZero(random), sampleNewTraces);
    }

    private static long nonZero(ThreadLocalRandom random) {
        long v;
        do {
            v = random.nextLong();
        } while (v == 0);
        return v;
    }

    private static int hexByte(CharSequence s, int at) {
        int hi = hexDigit(s.charAt(at));
        int lo = hexDigit(s.charAt(at + 1));
        return (hi | lo) < 0 ? -1 : hi << 4 | lo;
    }

    // Lower case only: the recommendation defines every field as HEXDIGLC.
    private static int hexDigit(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        return -1;
    }
}
