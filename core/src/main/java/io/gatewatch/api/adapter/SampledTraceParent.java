package io.gatewatch.api.adapter;

import io.gatewatch.api.TraceContext;
import io.gatewatch.api.TraceParent;
import org.jspecify.annotations.Nullable;

/**
 * The incoming {@code traceparent} as a trace context only when it is sampled: an unsampled trace
 * never becomes an exemplar, so it is not worth a context object per request.
 */
public final class SampledTraceParent {
    /** Where version 00's two flag digits end; the sampled bit is the last digit's lowest bit. */
    private static final int LAST_FLAG_DIGIT = 54;

    private SampledTraceParent() {
    }

    /** The header's trace context when it is valid and sampled, else {@code null}. */
    public static @Nullable TraceContext parse(@Nullable String header) {
        if (header == null || header.length() <= LAST_FLAG_DIGIT || !odd(header.charAt(LAST_FLAG_DIGIT))) {
            return null;
        }
        return TraceParent.parse(header);
    }

    // 1 3 5 7 9 b d f; anything else is even or not lower-case hex
    private static boolean odd(char digit) {
        if (digit >= '0' && digit <= '9') {
            return ((digit - '0') & 1) == 1;
        }
        return digit >= 'a' && digit <= 'f' && ((digit - 'a' + 10) & 1) == 1;
    }
}
