package io.gatewatch.internal.store;

import io.gatewatch.api.Counter;
import io.gatewatch.api.Family;
import io.gatewatch.api.Gauge;
import io.gatewatch.api.Histogram;
import io.gatewatch.api.Meters;
import io.gatewatch.api.Unit;
import io.gatewatch.api.UpDownCounter;
import io.gatewatch.snapshot.MetricDescriptor;
import io.gatewatch.snapshot.MetricType;
import java.util.List;
import java.util.function.DoubleSupplier;
import java.util.regex.Pattern;

/**
 * {@link Meters} over a {@link FamilyRegistry}: user metrics (prefixed) or gatewatch's own
 * (unprefixed, conventional names such as {@code gatewatch_exporter_errors_total}).
 */
final class MeterRegistry implements Meters {
    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]*(\\.[a-z0-9_]+)*");
    private static final Pattern LABEL = Pattern.compile("[a-z_][a-z0-9_]*");
    /** Label names the exposition itself uses: a metric carrying them would render broken series. */
    private static final java.util.Set<String> RESERVED_LABELS = java.util.Set.of("le", "quantile");

    private final FamilyRegistry registry;
    private final boolean prefixed;
    private final long[] defaultBuckets;

    MeterRegistry(FamilyRegistry registry, boolean prefixed, long[] defaultBuckets) {
        this.registry = registry;
        this.prefixed = prefixed;
        this.defaultBuckets = defaultBuckets.clone();
    }

    @Override
    public Family<Counter> counter(String name, String help, Unit unit, String... labelNames) {
        SeriesFamily<CounterSeries> family = registry.family(
                descriptor(name, help, MetricType.COUNTER, unit, null, labelNames),
                labels -> new CounterSeries(labels, registry.arena()));
        return family::labels;
    }

    @Override
    public Family<UpDownCounter> upDownCounter(String name, String help, Unit unit, String... labelNames) {
        SeriesFamily<UpDownSeries> family = registry.family(
                descriptor(name, help, MetricType.GAUGE, unit, null, labelNames),
                labels -> new UpDownSeries(labels, registry.arena(), unit));
        return family::labels;
    }

    @Override
    public Family<Gauge> gauge(String name, String help, Unit unit, String... labelNames) {
        SeriesFamily<GaugeSeries> family = registry.family(
                descriptor(name, help, MetricType.GAUGE, unit, null, labelNames), GaugeSeries::new);
        return family::labels;
    }

    @Override
    public void gauge(String name, String help, Unit unit, DoubleSupplier value) {
        registry.callbackGauge(descriptor(name, help, MetricType.GAUGE, unit, null), value);
    }

    @Override
    public Family<Histogram> histogram(String name, String help, Unit unit, long[] bucketBounds, String... labelNames) {
        MetricDescriptor d = descriptor(name, help, MetricType.HISTOGRAM, unit,
                bucketBounds == null ? defaultBuckets : bucketBounds, labelNames);
        BucketLayout layout = new BucketLayout(d.bucketBounds()); // the descriptor's own copy: callers may reuse their array
        SeriesFamily<HistogramSeries> family = registry.family(d, labels -> new HistogramSeries(labels, layout, registry.arena()));
        return family::labels;
    }

    private MetricDescriptor descriptor(String name, String help, MetricType type, Unit unit, long[] bounds,
                                        String... labelNames) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("metric name must be lower-case dotted words like orders.placed: " + name);
        }
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (String label : labelNames) {
            if (label == null || !LABEL.matcher(label).matches()) {
                throw new IllegalArgumentException(name + ": label name must be lower_snake_case: " + label);
            }
            if (label.startsWith("__") || RESERVED_LABELS.contains(label)) {
                throw new IllegalArgumentException(name + ": label name '" + label + "' is reserved by Prometheus "
                        + "(le: histogram buckets, quantile: summaries, __*: internal); choose another");
            }
            if (!seen.add(label)) {
                throw new IllegalArgumentException(name + ": label name '" + label + "' is given twice");
            }
        }
        return new MetricDescriptor(name, help == null ? "" : help, type, unit, List.of(labelNames), prefixed, bounds);
    }
}
