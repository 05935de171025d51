package io.gatewatch.exporter.datadog;

import io.gatewatch.api.Counter;
import io.gatewatch.api.Family;
import io.gatewatch.api.Gauge;
import io.gatewatch.api.Histogram;
import io.gatewatch.api.Meters;
import io.gatewatch.api.UpDownCounter;
import io.gatewatch.snapshot.Unit;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.DoubleSupplier;

/** Self-metrics for tests that construct the exporter without core: counts kept by name and label values. */
final class TestMeters implements Meters {
    private final Map<String, AtomicLong> counts = new ConcurrentHashMap<>();
    private final Map<String, DoubleSupplier> gauges = new ConcurrentHashMap<>();

    /** {@code count("gatewatch.datadog.dropped.intervals", "overflow")}. */
    long count(String name, String... labelValues) {
        AtomicLong v = counts.get(key(name, labelValues));
        return v == null ? 0 : v.get();
    }

    double gauge(String name) {
        return gauges.get(name).getAsDouble();
    }

    private static String key(String name, String... values) {
        return name + Arrays.toString(values);
    }

    @Override
    public Family<Counter> counter(String name, String help, Unit unit, String... labelNames) {
        return values -> {
            AtomicLong cell = counts.computeIfAbsent(key(name, values), k -> new AtomicLong());
            return amount -> {
                if (amount > 0) {
                    cell.addAndGet(amount);
                }
            };
        };
    }

    @Override
    public Family<UpDownCounter> upDownCounter(String name, String help, Unit unit, String... labelNames) {
        return values -> {
            AtomicLong cell = counts.computeIfAbsent(key(name, values), k -> new AtomicLong());
            return cell::addAndGet;
        };
    }

    @Override
    public Family<Gauge> gauge(String name, String help, Unit unit, String... labelNames) {
        return values -> v -> gauges.put(key(name, values), () -> v);
    }

    @Override
    public void gauge(String name, String help, Unit unit, DoubleSupplier value) {
        gauges.put(name, value);
    }

    @Override
    public Family<Histogram> histogram(String name, String help, Unit unit, long[] bucketBounds, String... labelNames) {
        return values -> {
            AtomicLong cell = counts.computeIfAbsent(key(name, values), k -> new AtomicLong());
            return v -> cell.incrementAndGet();
        };
    }
}
