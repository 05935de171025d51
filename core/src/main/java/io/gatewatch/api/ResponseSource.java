package io.gatewatch.api;

/**
 * Who produced the response: the upstream, or the gateway itself (and why). Lets operators tell
 * an upstream's 503 from the gateway's own "upstream unreachable" 503.
 */
public enum ResponseSource {
    UPSTREAM("upstream"),
    AUTH_REJECTED("auth"),
    RATE_LIMITED("rate_limit"),
    NO_ROUTE("no_route"),
    UPSTREAM_UNREACHABLE("upstream_unreachable"),
    /** Any other answer the gateway made itself (cache hit, redirect, internal error). */
    GATEWAY("gateway");

    private final String label;

    ResponseSource(String label) {
        this.label = label;
    }

    /** The label value exporters show. */
    public String label() {
        return label;
    }
}
