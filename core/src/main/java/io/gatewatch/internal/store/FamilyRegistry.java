package io.gatewatch.internal.store;

import io.gatewatch.snapshot.GaugePoint;
import io.gatewatch.snapshot.Labels;
import io.gatewatch.snapshot.MetricDescriptor;
import io.gatewatch.snapshot.MetricFamily;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.DoubleSupplier;
import java.util.function.Function;

/**
 * Every family of one store, in declaration order. Declaring is rare (start-up, a plugin's
 * first use) and synchronized; reading for snapshots copies the list under the same lock.
 */
final class FamilyRegistry {
    private final int maxSeries;
    private final CellArena arena = new CellArena();
    private final StoreEvents events;
    private final ExpositionNames names;
    private final Map<String, SeriesFamily<?>> families = new LinkedHashMap<>();
    private final Map<String, CallbackGauge> callbacks = new LinkedHashMap<>();

    private record CallbackGauge(MetricDescriptor descriptor, DoubleSupplier supplier) {
    }

    FamilyRegistry(int maxSeries, StoreEvents events, ExpositionNames names) {
        this.maxSeries = maxSeries;
        this.events = events;
        this.names = names;
    }

    CellArena arena() {
        return arena;
    }

    /**
     * The family with this descriptor, created on first use. The same name with another shape is
     * a programming error and says so.
     */
    @SuppressWarnings("unchecked")
    synchronized <S extends Series> SeriesFamily<S> family(MetricDescriptor d, Function<Labels, S> factory) {
        String key = key(d);
        SeriesFamily<?> existing = families.get(key);
        if (existing != null) {
            if (!existing.descriptor().sameShape(d)) {
                throw new IllegalArgumentException("metric " + d.name() + " is already declared as "
                        + existing.descriptor() + "; cannot declare it again as " + d);
            }
            return (SeriesFamily<S>) existing;
        }
        if (callbacks.containsKey(key)) {
            throw new IllegalArgumentException("metric " + d.name() + " is already declared as a callback gauge");
        }
        names.claim(d);
        SeriesFamily<S> family = new SeriesFamily<>(d, maxSeries, factory, events);
        families.put(key, family);
        return family;
    }

    synchronized void callbackGauge(MetricDescriptor d, DoubleSupplier supplier) {
        String key = key(d);
        if (families.containsKey(key) || callbacks.containsKey(key)) {
            throw new IllegalArgumentException("metric " + d.name() + " is already declared");
        }
        names.claim(d);
        callbacks.put(key, new CallbackGauge(d, supplier));
    }

    /** Reads every family; a callback that throws shows NaN rather than breaking the snapshot. */
    List<MetricFamily> read(List<MetricFamily> out, Map<String, Integer> seriesCounts) {
        List<SeriesFamily<?>> fams;
        List<CallbackGauge> cbs;
        synchronized (this) {
            fams = new ArrayList<>(families.values());
            cbs = new ArrayList<>(callbacks.values());
        }
        for (SeriesFamily<?> f : fams) {
            MetricFamily read = f.read();
            out.add(read);
            seriesCounts.put(f.descriptor().name(), read.points().size());
        }
        for (CallbackGauge cb : cbs) {
            double value;
            try {
                value = cb.supplier().getAsDouble();
            } catch (RuntimeException e) {
                value = Double.NaN;
            }
            out.add(new MetricFamily(cb.descriptor(), List.of(new GaugePoint(Labels.EMPTY, value))));
        }
        return out;
    }

    private static String key(MetricDescriptor d) {
        return (d.prefixed() ? "" : "!") + d.name();
    }
}
