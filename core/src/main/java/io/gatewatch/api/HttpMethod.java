package io.gatewatch.api;

import org.jspecify.annotations.Nullable;

/**
 * The HTTP method label. Anything that is not a standard method becomes {@link #OTHER}, so a
 * client sending made-up methods cannot create new series.
 */
public enum HttpMethod {
    GET, HEAD, POST, PUT, DELETE, PATCH, OPTIONS, TRACE, CONNECT, OTHER;

    private static final HttpMethod[] VALUES = values();

    /** Normalises a method token as it came off the wire; case-sensitive, as RFC 9110 says. */
    public static HttpMethod of(@Nullable String token) {
        if (token == null) {
            return OTHER;
        }
        switch (token) {
            case "GET": return GET;
            case "HEAD": return HEAD;
            case "POST": return POST;
            case "PUT": return PUT;
            case "DELETE": return DELETE;
            case "PATCH": return PATCH;
            case "OPTIONS": return OPTIONS;
            case "TRACE": return TRACE;
            case "CONNECT": return CONNECT;
            default: return OTHER;
        }
    }

    static HttpMethod byOrdinal(int ordinal) {
        return VALUES[ordinal];
    }
}
