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
 * <p>Called on whichever thread takes the snapshot (a scrape, an exporter), possibly from two
 * threads at once: keep it thread-safe and fast, and never block. What it throws is caught and
 * counted in {@code gatewatch_source_errors_total}; the snapshot goes on without it.
 */
@FunctionalInterface
public interface MetricSource {
    Collection<MetricFamily> collect() throws Exception;
}
