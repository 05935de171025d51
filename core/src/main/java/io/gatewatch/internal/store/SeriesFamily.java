package io.gatewatch.internal.store;

import io.gatewatch.api.Family;
import io.gatewatch.snapshot.Labels;
import io.gatewatch.snapshot.MetricDescriptor;
import io.gatewatch.snapshot.MetricFamily;
import io.gatewatch.snapshot.Point;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * The series of one metric, keyed by normalised label values, with the cardinality cap.
 *
 * <p>Resolution is the slow path (handles are resolved once and kept): a lock-free map lookup,
 * and under the family's lock only when a series is new. Past {@code maxSeries}, the value of the
 * label with the most distinct values is replaced by {@code other}, keeping the others, so a
 * filter on a low-cardinality label still adds up. Folded series may take up to a tenth of the cap
 * beyond it; past that, further labels fold until everything is {@code other}. A family therefore
 * never holds more than {@code maxSeries * 1.1 + 1} series.
 */
final class SeriesFamily<S extends Series> implements Family<S> {
    private final MetricDescriptor descriptor;
    private final String[] names;
    private final int maxSeries;
    private final int foldedBudget;
    private final Function<Labels, S> factory;
    private final StoreEvents events;
    private final ConcurrentHashMap<Labels, S> byLabels = new ConcurrentHashMap<>();
    private final List<Set<String>> distinctValues = new ArrayList<>();
    /** Series in creation order, republished on every insert so snapshots iterate without locks. */
    private volatile Series[] ordered = new Series[0];
    private int folded;

    SeriesFamily(MetricDescriptor descriptor, int maxSeries, Function<Labels, S> factory, StoreEvents events) {
        this.descriptor = descriptor;
        this.names = descriptor.labelNames().toArray(String[]::new);
        this.maxSeries = maxSeries;
        this.foldedBudget = Math.max(10, maxSeries / 10);
        this.factory = factory;
        this.events = events;
        for (int i = 0; i < names.length; i++) {
            distinctValues.add(new HashSet<>());
        }
    }

    MetricDescriptor descriptor() {
        return descriptor;
    }

    @Override
    public S labels(String... values) {
        if (values.length != names.length) {
            throw new IllegalArgumentException(descriptor.name() + " has labels " + descriptor.labelNames()
                    + " but got " + values.length + " values");
        }
        String[] v = new String[values.length];
        for (int i = 0; i < v.length; i++) {
            v[i] = normalise(i, values[i]);
        }
        return resolve(v);
    }

    /** Resolves values that the caller already normalised (the gateway catalogue does its own). */
    S resolve(String[] v) {
        Labels key = Labels.of(names, v);
        S series = byLabels.get(key);
        return series != null ? series : admit(v, key);
    }

    private synchronized S admit(String[] v, Labels key) {
        S series = byLabels.get(key);
        if (series != null) {
            return series;
        }
        if (byLabels.size() >= maxSeries) {
            while (true) {
                int fold = mostDistinctUnfolded(v);
                if (fold < 0) {
                    break;
                }
                v = v.clone();
                v[fold] = LabelValues.OTHER;
                events.folded(descriptor.name(), names[fold]);
                key = Labels.of(names, v);
                series = byLabels.get(key);
                if (series != null) {
                    return series;
                }
                if (folded < foldedBudget) {
                    break;
                }
            }
            folded++;
        }
        series = factory.apply(key);
        byLabels.put(key, series);
        for (int i = 0; i < v.length; i++) {
            distinctValues.get(i).add(v[i]);
        }
        Series[] next = java.util.Arrays.copyOf(ordered, ordered.length + 1);
        next[ordered.length] = series;
        ordered = next;
        return series;
    }

    private int mostDistinctUnfolded(String[] v) {
        int best = -1;
        int bestCount = -1;
        for (int i = 0; i < v.length; i++) {
            if (!LabelValues.OTHER.equals(v[i]) && distinctValues.get(i).size() > bestCount) {
                best = i;
                bestCount = distinctValues.get(i).size();
            }
        }
        return best;
    }

    String normalise(int label, String value) {
        if (value == null || value.isEmpty()) {
            events.invalid(descriptor.name(), names[label]);
            return LabelValues.UNKNOWN;
        }
        if (value.length() > LabelValues.MAX_LENGTH) {
            events.invalid(descriptor.name(), names[label]);
            return LabelValues.OTHER;
        }
        return value;
    }

    int size() {
        return ordered.length;
    }

    MetricFamily read() {
        Series[] all = ordered;
        List<Point> points = new ArrayList<>(all.length);
        for (Series s : all) {
            points.add(s.read());
        }
        return new MetricFamily(descriptor, points);
    }
}
