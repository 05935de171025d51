package io.gatewatch.spring.gateway.internal.tracing;

import io.gatewatch.api.TraceContext;

/** A tracer's hex trace and span ids as a sampled {@link TraceContext}, read in place. */
final class HexIds {
    private HexIds() {
    }

    /**
     * @param traceId 32 hex digits, or 16 (a 64-bit trace id, as Brave may use)
     * @param spanId  16 hex digits
     * @return the sampled context, or {@code null} when an id is malformed or all zero
     */
    static TraceContext traceContext(String traceId, String spanId) {
        if (traceId == null || spanId == null || spanId.length() != 16
                || traceId.length() != 32 && traceId.length() != 16) {
            return null;
        }
        int lowStart = traceId.length() - 16;
        try {
            long high = lowStart == 0 ? 0 : parse(traceId, 0);
            long low = parse(traceId, lowStart);
            long span = parse(spanId, 0);
            if (high == 0 && low == 0 || span == 0) {
                return null;
            }
            return TraceContext.of(high, low, span, true);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** 16 hex digits from {@code start}, without a substring. */
    private static long parse(String digits, int start) {
        long value = 0;
        for (int i = start; i < start + 16; i++) {
            int digit = Character.digit(digits.charAt(i), 16);
            if (digit < 0) {
                throw new NumberFormatException(digits);
            }
            value = value << 4 | digit;
        }
        return value;
    }
}
