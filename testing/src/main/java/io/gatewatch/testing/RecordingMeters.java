package io.gatewatch.testing;

import io.gatewatch.api.Counter;
import io.gatewatch.api.Family;
import io.gatewatch.api.Gauge;
import io.gatewatch.api.Histogram;
import io.gatewatch.api.Meters;
import io.gatewatch.api.Unit;
import io.gatewatch.api.UpDownCounter;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.DoubleSupplier;

/**
 * Self-metrics for a plugin tested without a metric store: counts kept by name and label values,
 * read back with {@code count("gatewatch.datadog.dropped.intervals", "overflow")}. A histogram
 * counts its observations.
 */
public final class RecordingMeters implements Meters {
    private final Map<String, AtomicLong> counts = new ConcurrentHashMap<>();
    private final Map<String, DoubleSupplier> gauges = new ConcurrentHashMap<>();

    /** The count of the series with these label values, 0 when nothing was recorded. */
    public long count(String name, String... labelValues) {
        AtomicLong v = counts.get(key(name, labelValues));
        return v == null ? 0 : v.get();
    }

    /** The current value of a gauge; fails when the plugin never registered it. */
    public double gauge(String name, String... labelValues) {
        DoubleSupplier gauge = gauges.get(key(name, labelValues));
        if (gauge == null) {
            throw new AssertionError("no gauge " + key(name, labelValues) + " was registered");
        }
        return gauge.getAsDouble();
    }

    private static String key(String name, String... values) {
        return name + Arrays.toString(values);
    }

    private AtomicLong cell(String name, String... values) {
        return counts.computeIfAbsent(key(name, values), k -> new AtomicLong());
    }

    @Override
    public Family<Counter> counter(String name, String help, Unit unit, String... labelNames) {
        return values -> {
            AtomicLong cell = cell(name, values);
            return amount -> {
                // a counter never goes down: a negative amount is ignored
                if (amount > 0) {
                    cell.addAndGet(amount);
                }
            };
        };
    }

    @Override
    public Family<UpDownCounter> upDownCounter(String name, String help, Unit unit, String... labelNames) {
        return values -> cell(name, values)::addAndGet;
    }

    @Override
    public Family<Gauge> gauge(String name, String help, Unit unit, String... labelNames) {
        return values -> v -> gauges.put(key(name, values), () -> v);
    }

    @Override
    public void gauge(String name, String help, Unit unit, DoubleSupplier value) {
        gauges.put(key(name), value);
    }

    @Override
    public Family<Histogram> histogram(String name, String help, Unit unit, long[] bucketBounds, String... labelNames) {
        return values -> {
            AtomicLong cell = cell(name, values);
            return v -> cell.incrementAndGet();
        };
    }
}
