package io.gatewatch.internal.store;

import io.gatewatch.api.Family;
import io.gatewatch.snapshot.Labels;
import io.gatewatch.snapshot.MetricDescriptor;
import io.gatewatch.snapshot.MetricFamily;
import io.gatewatch.snapshot.Point;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * The series of one metric, keyed by normalised label values, with the cardinality cap.
 *
 * <p>Resolution is the slow path (handles are resolved once and kept): a lock-free map lookup,
 * and under the family's lock only when a series is new. Past {@code maxSeries}, only unbounded
 * labels fold: every one of them ({@code route}, {@code consumer}, a plugin's own labels) becomes
 * {@code other}. {@code service}, {@code method}, {@code status} and {@code source} never fold
 * there: they are bounded by construction (a gateway's services, the method enum, statuses 100 to
 * 599, the source enum), so a filter or an alert on them still adds up. Folded
 * series may take up to a tenth of the cap (at least 10) beyond it; when even that is spent, the
 * value lands in one overflow series with every label {@code other}. A family therefore never
 * holds more than {@code maxSeries + max(10, maxSeries / 10) + 1} series, and every folded label
 * value is counted.
 */
final class SeriesFamily<S extends Series> implements Family<S> {
    static final java.util.Set<String> BOUNDED_LABELS = java.util.Set.of("service", "method", "status", "source");

    private final MetricDescriptor descriptor;
    private final String[] names;
    /** Labels bounded by construction, kept when the family folds (see the class comment). */
    private final boolean[] bounded;
    private final int maxSeries;
    private final int foldedBudget;
    private final Function<Labels, S> factory;
    private final StoreEvents events;
    private final ConcurrentHashMap<Labels, S> byLabels = new ConcurrentHashMap<>();
    /** Series in creation order, republished on every insert so snapshots iterate without locks. */
    private volatile Series[] ordered = new Series[0];
    private int folded;

    SeriesFamily(MetricDescriptor descriptor, int maxSeries, Function<Labels, S> factory, StoreEvents events) {
        this.descriptor = descriptor;
        this.names = descriptor.labelNames().toArray(String[]::new);
        this.bounded = new boolean[names.length];
        for (int i = 0; i < names.length; i++) {
            bounded[i] = BOUNDED_LABELS.contains(names[i]);
        }
        this.maxSeries = maxSeries;
        this.foldedBudget = Math.max(10, maxSeries / 10);
        this.factory = factory;
        this.events = events;
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
            // every unbounded label at once: folded series are then one per combination of the
            // bounded labels, and new route or consumer values never use up the folded room
            v = v.clone();
            for (int i = 0; i < v.length; i++) {
                if (!bounded[i] && !LabelValues.OTHER.equals(v[i])) {
                    v[i] = LabelValues.OTHER;
                    events.folded(descriptor.name(), names[i]);
                }
            }
            key = Labels.of(names, v);
            series = byLabels.get(key);
            if (series != null) {
                return series;
            }
            if (folded < foldedBudget) {
                folded++;
            } else {
                // no room even for folded series: the one overflow series, every label other
                v = overflow(v);
                key = Labels.of(names, v);
                series = byLabels.get(key);
                if (series != null) {
                    return series;
                }
            }
        }
        series = factory.apply(key);
        byLabels.put(key, series);
        Series[] next = java.util.Arrays.copyOf(ordered, ordered.length + 1);
        next[ordered.length] = series;
        ordered = next;
        return series;
    }

    /** Every label {@code other}; the bounded ones that were not are counted as folded too. */
    private String[] overflow(String[] v) {
        String[] all = new String[v.length];
        for (int i = 0; i < v.length; i++) {
            if (!LabelValues.OTHER.equals(v[i])) {
                events.folded(descriptor.name(), names[i]);
            }
            all[i] = LabelValues.OTHER;
        }
        return all;
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
