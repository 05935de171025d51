package io.gatewatch.spi;

import io.gatewatch.api.HttpMethod;
import io.gatewatch.api.ResponseSource;
import io.gatewatch.api.TraceContext;
import org.jspecify.annotations.Nullable;

/**
 * Hears about every request the gateway records, for plugins that need per-request events (an
 * access log). Contributed through {@link Contributions#requestListeners}.
 *
 * <p><b>Threads.</b> Called once per recorded request, on the gateway's thread, inside
 * {@code RouteMetrics.record}, right after the metrics were recorded; every gateway thread calls it,
 * concurrently. An implementation must return in nanoseconds, never block, never allocate per call
 * and never throw (what it throws is swallowed, so the gateway's request is never hurt). Copy the
 * arguments into a preallocated structure and do the work on a thread of your own. When no
 * listener is contributed, core does not call anything.
 */
public interface RequestListener {

    /**
     * One recorded request. Strings are the handle's normalised label values (no copy is made).
     *
     * @param consumer      the consumer id, or {@code null} when none was passed
     * @param upstreamNanos {@code RouteMetrics.NO_UPSTREAM} (-1) when no upstream was called
     * @param trace         the request's trace context, or {@code null}
     */
    void onRequest(String service, String route, HttpMethod method, int status, ResponseSource source,
                   @Nullable String consumer, long totalNanos, long upstreamNanos, long bytesIn, long bytesOut,
                   @Nullable TraceContext trace);
}
