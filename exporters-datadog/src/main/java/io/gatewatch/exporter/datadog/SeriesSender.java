package io.gatewatch.exporter.datadog;

import com.datadog.api.client.v2.model.MetricSeries;
import java.util.List;

/**
 * The seam between the exporter's logic (buffering, splitting, backoff) and the transport. One
 * call is one request; it never throws for an answer or a network fault, it describes it.
 * Called by the exporter's thread only, one call at a time.
 */
interface SeriesSender extends AutoCloseable {

    SendOutcome send(List<MetricSeries> series);

    /**
     * Gets the transport ready without sending anything, so that the first interval's send does
     * not pay for building it; called once at start-up. Sends work without it.
     */
    default void prepare() {
    }

    /** Releases the transport; idempotent. */
    @Override
    void close();
}
