package io.gatewatch.exporter.datadog;

import java.time.Duration;
import java.util.Objects;

/**
 * What became of one request.
 *
 * @param kind       how the exporter should react
 * @param status     the HTTP status, or 0 when no answer came (timeout, connection refused)
 * @param retryAfter how long the intake asked us to wait ({@code Retry-After}), or {@code null}
 * @param reason     short and free of secrets: the intake's error text or the transport fault
 */
record SendOutcome(Kind kind, int status, Duration retryAfter, String reason) {

    enum Kind {
        /** 2xx: the payload is stored. */
        ACCEPTED,
        /** 400 and other 4xx: the payload will never be accepted; drop it. */
        REJECTED,
        /** 401/403: the API key is wrong; nothing will be accepted until it is fixed. */
        UNAUTHORIZED,
        /**
         * 408, 429, 5xx, timeout, connection error, and 3xx (a redirect is never followed, since
         * the key would go with it; the intake or its address may be fixed later): try again later.
         */
        RETRYABLE
    }

    SendOutcome {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(reason, "reason");
    }

    static SendOutcome accepted(int status) {
        return new SendOutcome(Kind.ACCEPTED, status, null, "accepted");
    }

    /** Classifies an HTTP answer. */
    static SendOutcome ofStatus(int status, Duration retryAfter, String reason) {
        Kind kind;
        if (status >= 200 && status < 300) {
            kind = Kind.ACCEPTED;
        } else if (status == 401 || status == 403) {
            kind = Kind.UNAUTHORIZED;
        } else if (status == 408 || status == 429 || status >= 500 || status >= 300 && status < 400) {
            kind = Kind.RETRYABLE;
        } else {
            kind = Kind.REJECTED;
        }
        return new SendOutcome(kind, status, retryAfter, reason);
    }

    static SendOutcome networkError(String reason) {
        return new SendOutcome(Kind.RETRYABLE, 0, null, reason);
    }

    /** {@code 503} or {@code timeout}-like text for messages. */
    String describe() {
        return status == 0 ? reason : status + " " + reason;
    }
}
