package io.gatewatch.spi;

import io.gatewatch.snapshot.MetricFamily;
import java.util.Collection;

/**
 * Metrics computed when a snapshot is taken (a queue depth, a file's age, a host registry).
 *
 * <pre>{@code
 * final class QueueDepthSource implements MetricSource {
 *     private static final MetricDescriptor DEPTH =
 *             MetricDescriptor.gauge("queue.depth", "Items waiting", Unit.NONE, "queue");
 *     public Collection<MetricFamily> collect() {
 *         return List.of(new MetricFamily(DEPTH,
 *                 List.of(new GaugePoint(Labels.pairs("queue", "orders"), queue.size()))));
 *     }
 * }
 * }</pre>
 *
 * <p><b>Threads.</b> Called once per snapshot, on whichever thread takes it: a scrape on the
 * status listener's worker, each push exporter's thread every interval, the vitals sampler every
 * second. Several of those may call it at the same time, so keep it thread-safe. Never on a
 * gateway thread. Keep it fast (microseconds: read a value that is already there) and never block:
 * a slow source delays every exporter and scrape. What it throws is caught and counted in
 * {@code gatewatch_source_errors_total}; the snapshot goes on without it.
 */
@FunctionalInterface
public interface MetricSource {
    Collection<MetricFamily> collect() throws Exception;
}
