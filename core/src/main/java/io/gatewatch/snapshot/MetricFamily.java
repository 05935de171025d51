package io.gatewatch.snapshot;

import java.util.List;
import java.util.Objects;

/** A family's series in a snapshot, all of the descriptor's type. */
public record MetricFamily(MetricDescriptor descriptor, List<Point> points) {
    public MetricFamily {
        Objects.requireNonNull(descriptor, "descriptor");
        points = List.copyOf(points);
    }

    /** The point with exactly these labels, or {@code null}. */
    public Point point(Labels labels) {
        for (Point p : points) {
            if (p.labels().equals(labels)) {
                return p;
            }
        }
        return null;
    }
}
