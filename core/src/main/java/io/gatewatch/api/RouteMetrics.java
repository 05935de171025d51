package io.gatewatch.api;

import org.jspecify.annotations.Nullable;

/**
 * The handle a gateway resolves once per (service, route) and keeps, then calls on every request.
 *
 * <pre>{@code
 * RouteMetrics users = metrics.route("accounts", "get-user");   // at route setup
 * ...
 * users.record(HttpMethod.GET, 200, ResponseSource.UPSTREAM,
 *              totalNanos, upstreamNanos, requestBytes, responseBytes);   // per request
 * }</pre>
 *
 * <p>Thread-safe. After the first request of each (method, status, source) combination, recording
 * takes no lock, makes no system call and allocates nothing.
 */
public interface RouteMetrics {

    /** Pass as {@code upstreamNanos} when the gateway answered without calling an upstream. */
    long NO_UPSTREAM = -1;

    /**
     * Records one finished request: the request count, the total latency, the upstream latency
     * (unless {@link #NO_UPSTREAM}), the gateway's own overhead (total minus upstream) and the
     * bytes received from the client and sent back to it.
     *
     * @param status HTTP status; values outside 100–599 are counted under {@code status="invalid"}
     */
    void record(HttpMethod method, int status, ResponseSource source,
                long totalNanos, long upstreamNanos, long bytesIn, long bytesOut);

    /**
     * Same as {@link #record(HttpMethod, int, ResponseSource, long, long, long, long)}, also counted
     * per consumer when {@code gatewatch.metrics.per-consumer} is on (ignored otherwise).
     */
    void record(HttpMethod method, int status, ResponseSource source,
                long totalNanos, long upstreamNanos, long bytesIn, long bytesOut, @Nullable Consumer consumer);

    /**
     * Same as {@link #record(HttpMethod, int, ResponseSource, long, long, long, long, Consumer)}, and when
     * {@code trace} is sampled, makes the latencies the most recent exemplars of their histogram buckets
     * (trace id, span id, value, time), shown in OpenMetrics. Copies the trace context's ids; allocates
     * nothing once the series has held an exemplar.
     *
     * <p>The default ignores the trace context, for implementations that keep no exemplars (a no-op
     * recorder, a test double); gatewatch's own handles override it.
     *
     * @param consumer may be {@code null}
     * @param trace    may be {@code null} (then this is the overload without it)
     */
    default void record(HttpMethod method, int status, ResponseSource source, long totalNanos, long upstreamNanos,
                        long bytesIn, long bytesOut, @Nullable Consumer consumer, @Nullable TraceContext trace) {
        record(method, status, source, totalNanos, upstreamNanos, bytesIn, bytesOut, consumer);
    }

    /** Counts one request that the rate limiter refused on this route. */
    void rateLimited();

    /** The service label this handle was resolved with (after normalisation). */
    String service();

    /** The route label this handle was resolved with (after normalisation). */
    String route();

    /** A resolved consumer (API client), see {@link GatewayMetrics#consumer(String)}. */
    interface Consumer {
        /** The label value, or {@code other} once the consumer cap was reached. */
        String id();
    }
}
