package io.gatewatch.snapshot;

import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A family's series in a snapshot, all of the descriptor's type.
 *
 * <p><b>Units.</b> Points keep the store's raw values: counters and histograms of durations are
 * in nanoseconds (integers, exact, so deltas subtract without rounding), gauges are already in
 * base units. Exporters that send numbers to a backend call {@link #baseValue} and
 * {@link #baseSum} / {@link #baseBound}, which give seconds and bytes whatever the point's kind:
 *
 * <pre>{@code
 * for (Point p : family.points()) {
 *     double value = p instanceof HistogramPoint h ? family.baseSum(h) : family.baseValue(p);
 *     send(name, value);   // seconds for request.duration, a plain count for requests
 * }
 * }</pre>
 */
public record MetricFamily(MetricDescriptor descriptor, List<Point> points) {
    public MetricFamily {
        Objects.requireNonNull(descriptor, "descriptor");
        points = List.copyOf(points);
    }

    /** A counter's or gauge's value in the family's base unit (seconds, bytes, or a plain number). */
    public double baseValue(Point point) {
        if (point instanceof CounterPoint c) {
            return descriptor.unit().toBase(c.value());
        }
        if (point instanceof GaugePoint g) {
            return g.value();   // gauges are kept in base units already
        }
        throw new IllegalArgumentException("a histogram has no single value; use baseSum and baseBound: " + point);
    }

    /** A histogram's sum in the family's base unit. */
    public double baseSum(HistogramPoint point) {
        return descriptor.unit().toBase(point.sum());
    }

    /** The upper bound of histogram bucket {@code i} in the family's base unit ({@code +Inf} for the last). */
    public double baseBound(int i) {
        long[] bounds = descriptor.bucketBounds();
        return i >= bounds.length ? Double.POSITIVE_INFINITY : descriptor.unit().toBase(bounds[i]);
    }

    /** The point with exactly these labels, or {@code null}. */
    public @Nullable Point point(Labels labels) {
        for (Point p : points) {
            if (p.labels().equals(labels)) {
                return p;
            }
        }
        return null;
    }
}
