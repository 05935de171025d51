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

    /** Releases the transport; idempotent. */
    @Override
    void close();
}
