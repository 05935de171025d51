package io.gatewatch.snapshot;

import io.gatewatch.api.Unit;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * What a metric family is: its canonical dotted name ({@code request.duration}), help, type,
 * unit and label names. Exporters derive their own names from it through their naming
 * convention ({@code gateway_request_duration_seconds}, {@code gateway.request.duration}).
 *
 * @param prefixed     whether exporters put the configured prefix ({@code gateway}) in front;
 *                     false for JVM, process and gatewatch's own metrics, which keep their
 *                     conventional names ({@code jvm_memory_used_bytes})
 * @param bucketBounds histogram upper bounds in the raw unit, strictly increasing, without
 *                     +Inf; empty for other types
 */
public record MetricDescriptor(String name, String help, MetricType type, Unit unit,
                               List<String> labelNames, boolean prefixed, long[] bucketBounds) {

    public MetricDescriptor {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(help, "help");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(unit, "unit");
        labelNames = List.copyOf(labelNames);
        bucketBounds = bucketBounds == null ? new long[0] : bucketBounds.clone();
        if (type == MetricType.HISTOGRAM && bucketBounds.length == 0) {
            throw new IllegalArgumentException(name + ": a histogram needs at least one bucket bound");
        }
        for (int i = 1; i < bucketBounds.length; i++) {
            if (bucketBounds[i] <= bucketBounds[i - 1]) {
                throw new IllegalArgumentException(name + ": bucket bounds must increase strictly: "
                        + Arrays.toString(bucketBounds));
            }
        }
    }

    public static MetricDescriptor counter(String name, String help, Unit unit, String... labelNames) {
        return new MetricDescriptor(name, help, MetricType.COUNTER, unit, List.of(labelNames), true, new long[0]);
    }

    public static MetricDescriptor gauge(String name, String help, Unit unit, String... labelNames) {
        return new MetricDescriptor(name, help, MetricType.GAUGE, unit, List.of(labelNames), true, new long[0]);
    }

    public static MetricDescriptor histogram(String name, String help, Unit unit, long[] bounds, String... labelNames) {
        return new MetricDescriptor(name, help, MetricType.HISTOGRAM, unit, List.of(labelNames), true, bounds);
    }

    /** The same descriptor without the exporters' prefix. */
    public MetricDescriptor unprefixed() {
        return new MetricDescriptor(name, help, type, unit, labelNames, false, bucketBounds);
    }

    /** A copy of the bounds; exporters that iterate often should cache it. */
    @Override
    public long[] bucketBounds() {
        return bucketBounds.clone();
    }

    /** Bound {@code i} without copying the array. */
    public long bucketBound(int i) {
        return bucketBounds[i];
    }

    public int bucketCount() {
        return bucketBounds.length;
    }

    /** Same name, type, unit and labels: the same family. */
    public boolean sameShape(MetricDescriptor o) {
        return name.equals(o.name) && type == o.type && unit == o.unit && labelNames.equals(o.labelNames)
                && prefixed == o.prefixed && Arrays.equals(bucketBounds, o.bucketBounds);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MetricDescriptor d && sameShape(d) && help.equals(d.help);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, type, unit, labelNames);
    }

    @Override
    public String toString() {
        return "MetricDescriptor[" + name + " " + type + " " + unit + " " + labelNames + "]";
    }
}
