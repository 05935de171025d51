package io.gatewatch.api;

import java.util.function.DoubleSupplier;
import org.jspecify.annotations.Nullable;

/**
 * Generic metrics for anything a gateway or plugin wants to add beside the gateway catalogue.
 * Names are canonical and dotted ({@code orders.placed}); each exporter renders them in its own
 * convention. Declaring the same name twice with the same shape returns the same family;
 * a different shape is an error.
 *
 * <pre>{@code
 * Family<Counter> placed = meters.counter("orders.placed", "Orders placed", "region");
 * placed.labels("eu").increment();
 * meters.gauge("queue.depth", "Items waiting", Unit.NONE, queue::size);
 * }</pre>
 */
public interface Meters {
    Family<Counter> counter(String name, String help, Unit unit, String... labelNames);

    default Family<Counter> counter(String name, String help, String... labelNames) {
        return counter(name, help, Unit.NONE, labelNames);
    }

    Family<UpDownCounter> upDownCounter(String name, String help, Unit unit, String... labelNames);

    Family<Gauge> gauge(String name, String help, Unit unit, String... labelNames);

    /** A gauge read when a snapshot is taken (on an exporter's thread): keep the supplier cheap. */
    void gauge(String name, String help, Unit unit, DoubleSupplier value);

    /**
     * @param bucketBounds upper bounds in the raw unit (nanoseconds for {@link Unit#SECONDS}),
     *                     strictly increasing; {@code null} for the configured latency default
     */
    Family<Histogram> histogram(String name, String help, Unit unit, long @Nullable [] bucketBounds, String... labelNames);
}
