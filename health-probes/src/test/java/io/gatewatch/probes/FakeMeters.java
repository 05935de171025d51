package io.gatewatch.probes;

import io.gatewatch.api.Counter;
import io.gatewatch.api.Family;
import io.gatewatch.api.Gauge;
import io.gatewatch.api.Histogram;
import io.gatewatch.api.Meters;
import io.gatewatch.api.UpDownCounter;
import io.gatewatch.snapshot.Unit;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.DoubleSupplier;

/** Counters and supplier gauges a test can read back by {@code name{v1,v2}}. */
public final class FakeMeters implements Meters {
    private final Map<String, LongAdder> counters = new ConcurrentHashMap<>();
    private final Map<String, DoubleSupplier> gauges = new ConcurrentHashMap<>();

    public long count(String series) {
        LongAdder adder = counters.get(series);
        return adder == null ? 0 : adder.sum();
    }

    public double gauge(String name) {
        return gauges.get(name).getAsDouble();
    }

    @Override
    public Family<Counter> counter(String name, String help, Unit unit, String... labelNames) {
        return values -> {
            LongAdder adder = counters.computeIfAbsent(name + "{" + String.join(",", values) + "}", k -> new LongAdder());
            return amount -> {
                if (amount >= 0) {
                    adder.add(amount);
                }
            };
        };
    }

    @Override
    public Family<UpDownCounter> upDownCounter(String name, String help, Unit unit, String... labelNames) {
        throw new UnsupportedOperationException("not used by the status listener");
    }

    @Override
    public Family<Gauge> gauge(String name, String help, Unit unit, String... labelNames) {
        throw new UnsupportedOperationException("not used by the status listener");
    }

    @Override
    public void gauge(String name, String help, Unit unit, DoubleSupplier value) {
        gauges.put(name, value);
    }

    @Override
    public Family<Histogram> histogram(String name, String help, Unit unit, long[] bucketBounds, String... labelNames) {
        throw new UnsupportedOperationException("not used by the status listener");
    }
}
