package io.gatewatch.internal.store;

import io.gatewatch.api.Counter;
import io.gatewatch.api.Family;
import io.gatewatch.api.GatewayMetrics;
import io.gatewatch.api.Meters;
import io.gatewatch.api.Unit;
import io.gatewatch.snapshot.GaugePoint;
import io.gatewatch.snapshot.Labels;
import io.gatewatch.snapshot.MetricDescriptor;
import io.gatewatch.snapshot.MetricFamily;
import io.gatewatch.snapshot.Point;
import io.gatewatch.snapshot.Snapshot;
import io.gatewatch.spi.MetricSource;
import io.gatewatch.spi.RequestListener;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * gatewatch's metric store: the gateway catalogue, user and self metrics, and the snapshots
 * exporters read. Recording goes to per-stripe cells (see {@link Stripes}); a snapshot sums them
 * on the calling thread, so exporters pay for reads and the request path pays nothing extra.
 */
public final class MetricStore {
    private static final MetricDescriptor SERIES = MetricDescriptor
            .gauge("gatewatch.series", "Series held per metric", Unit.NONE, "metric").unprefixed();
    private static final MetricDescriptor BUILD_INFO = MetricDescriptor.gauge("gatewatch.build.info",
            "gatewatch version and commit (value 1)", Unit.NONE, "version", "commit").unprefixed();

    private final StoreSettings settings;
    private final FamilyRegistry registry;
    private final FamilyRegistry selfRegistry;
    private final MeterRegistry meters;
    private final MeterRegistry selfMeters;
    private final GatewayCatalogue catalogue;
    private final Family<Counter> sourceErrors;
    private final JvmMetrics jvm;
    private final MetricFamily buildInfo;

    public MetricStore(StoreSettings settings) {
        this.settings = settings;
        ExpositionNames names = new ExpositionNames(settings.metricPrefix());
        // families the store writes without declaring them: nobody may declare their names either
        JvmMetrics.DESCRIPTORS.forEach(names::claim);
        names.claim(SERIES);
        names.claim(BUILD_INFO);
        this.selfRegistry = new FamilyRegistry(settings.maxSeriesPerMetric(), StoreEvents.NONE, names);
        this.selfMeters = new MeterRegistry(selfRegistry, false, settings.latencyBucketsNanos());
        Family<Counter> overflow = selfMeters.counter("gatewatch.cardinality.overflow",
                "Label values folded into 'other' because the metric reached its series cap", "metric", "label");
        Family<Counter> invalid = selfMeters.counter("gatewatch.label.invalid",
                "Label values replaced because they were empty, oversized or out of range", "metric", "label");
        this.sourceErrors = selfMeters.counter("gatewatch.source.errors", "Metric sources that failed during a snapshot",
                "source");
        StoreEvents events = new StoreEvents() {
            @Override
            public void folded(String metric, String label) {
                overflow.labels(metric, label).increment();
            }

            @Override
            public void invalid(String metric, String label) {
                invalid.labels(metric, label).increment();
            }
        };
        this.registry = new FamilyRegistry(settings.maxSeriesPerMetric(), events, names);
        this.meters = new MeterRegistry(registry, true, settings.latencyBucketsNanos());
        this.catalogue = new GatewayCatalogue(registry, events, settings.perConsumer(), settings.maxSeriesPerMetric(),
                settings.latencyBucketsNanos(), meters);
        this.jvm = settings.jvmMetrics() ? new JvmMetrics() : null;
        this.buildInfo = new MetricFamily(BUILD_INFO,
                List.of(new GaugePoint(Labels.pairs("version", settings.version(), "commit", settings.commit()), 1)));
    }

    public StoreSettings settings() {
        return settings;
    }

    /** The recording API handed to the gateway. */
    public GatewayMetrics gatewayMetrics() {
        return catalogue;
    }

    /** Plugins' per-request listeners; with none, recording calls nothing. */
    public void setRequestListeners(List<RequestListener> listeners) {
        catalogue.setRequestListeners(listeners.toArray(new RequestListener[0]));
    }

    /** Generic metrics of the gateway and plugins, shown with the prefix. */
    public Meters meters() {
        return meters;
    }

    /** gatewatch's own metrics, shown without the prefix ({@code gatewatch_*}). */
    public Meters selfMetrics() {
        return selfMeters;
    }

    /**
     * Reads everything into an immutable snapshot, on the caller's thread. Sources that throw are
     * counted in {@code gatewatch.source.errors} and left out; the rest of the snapshot is whole.
     */
    public Snapshot snapshot(long timestampMillis, Collection<MetricSource> sources) {
        List<MetricFamily> families = new ArrayList<>(64);
        Map<String, Integer> seriesCounts = new LinkedHashMap<>();
        registry.read(families, seriesCounts);
        for (MetricSource source : sources) {
            try {
                families.addAll(source.collect());
            } catch (Exception | LinkageError e) {
                sourceErrors.labels(source.getClass().getSimpleName()).increment();
            }
        }
        if (jvm != null) {
            jvm.collect(families);
        }
        families.add(buildInfo);
        List<Point> counts = new ArrayList<>(seriesCounts.size());
        seriesCounts.forEach((name, n) -> counts.add(new GaugePoint(Labels.pairs("metric", name), n)));
        families.add(new MetricFamily(SERIES, counts));
        selfRegistry.read(families, new LinkedHashMap<>());
        return new Snapshot(timestampMillis, settings.nodeId(), settings.commonTags(), families);
    }
}
