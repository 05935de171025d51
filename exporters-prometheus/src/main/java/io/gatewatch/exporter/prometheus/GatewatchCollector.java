package io.gatewatch.exporter.prometheus;

import io.gatewatch.api.Unit;
import io.gatewatch.snapshot.CounterPoint;
import io.gatewatch.snapshot.GaugePoint;
import io.gatewatch.snapshot.HistogramPoint;
import io.gatewatch.snapshot.Labels;
import io.gatewatch.snapshot.MetricDescriptor;
import io.gatewatch.snapshot.MetricFamily;
import io.gatewatch.snapshot.MetricType;
import io.gatewatch.snapshot.Point;
import io.gatewatch.snapshot.Snapshot;
import io.gatewatch.spi.SnapshotSource;
import io.gatewatch.spi.support.MetricNames;
import io.prometheus.client.Collector;
import io.prometheus.client.CollectorRegistry;
import io.prometheus.client.exemplars.Exemplar;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * gatewatch's metrics as a simpleclient {@link Collector}: every {@link #collect()} takes a fresh
 * snapshot and converts it, so nothing is stored twice. Register it in a host application's
 * existing {@link CollectorRegistry} to expose gatewatch's metrics on the host's own endpoint.
 *
 * <pre>{@code
 * new GatewatchCollector(gatewatch::snapshot, "gateway").register(hostRegistry);
 * }</pre>
 * (compiled and run as written by {@code GatewatchCollectorTest.theJavadocSampleWorksAsWritten})
 *
 * <p>It describes no names up front ({@link #describe()} is empty), so registering it never
 * takes a snapshot and never clashes with the host's collectors at registration time.
 */
public final class GatewatchCollector extends Collector implements Collector.Describable {
    private final SnapshotSource source;
    private final String prefix;

    /** @param prefix put before prefixed families' names ({@code gateway}); empty for none */
    public GatewatchCollector(SnapshotSource source, String prefix) {
        this.source = Objects.requireNonNull(source, "source");
        this.prefix = Objects.requireNonNull(prefix, "prefix");
    }

    @Override
    public List<MetricFamilySamples> collect() {
        return convert(source.snapshot(), prefix);
    }

    @Override
    public List<MetricFamilySamples> describe() {
        return List.of();
    }

    /** The snapshot in simpleclient's model, with the same names and labels the text renderer writes. */
    static List<MetricFamilySamples> convert(Snapshot snapshot, String prefix) {
        Labels common = snapshot.commonTags();
        List<MetricFamilySamples> out = new ArrayList<>(snapshot.families().size());
        Set<String> seen = new HashSet<>();
        for (MetricFamily family : snapshot.families()) {
            MetricDescriptor d = family.descriptor();
            String name = PrometheusNaming.familyName(d, prefix);
            if (!seen.add(name)) {
                continue;
            }
            List<MetricFamilySamples.Sample> samples = new ArrayList<>();
            for (Point p : family.points()) {
                List<String> names = new ArrayList<>();
                List<String> values = new ArrayList<>();
                labels(common, p.labels(), names, values);
                if (p instanceof CounterPoint c) {
                    samples.add(new MetricFamilySamples.Sample(name + "_total", names, values, toBase(d, c.value())));
                } else if (p instanceof GaugePoint g) {
                    samples.add(new MetricFamilySamples.Sample(name, names, values, g.value()));
                } else {
                    histogram(name, d, (HistogramPoint) p, names, values, samples);
                }
            }
            out.add(new MetricFamilySamples(name, PrometheusNaming.unit(d, name), type(d.type()), d.help(), samples));
        }
        return out;
    }

    private static void histogram(String name, MetricDescriptor d, HistogramPoint h, List<String> names,
                                  List<String> values, List<MetricFamilySamples.Sample> samples) {
        List<String> bucketNames = new ArrayList<>(names);
        bucketNames.add("le");
        long cumulative = 0;
        for (int b = 0; b <= d.bucketCount(); b++) {
            if (b < h.bucketSlots()) {
                cumulative += h.bucket(b);
            }
            List<String> bucketValues = new ArrayList<>(values);
            bucketValues.add(b < d.bucketCount() ? PrometheusNaming.le(d.unit(), d.bucketBound(b)) : "+Inf");
            samples.add(new MetricFamilySamples.Sample(name + "_bucket", bucketNames, bucketValues, cumulative,
                    b < h.bucketSlots() ? exemplar(d, h.exemplar(b)) : null));
        }
        samples.add(new MetricFamilySamples.Sample(name + "_count", names, values, cumulative));
        samples.add(new MetricFamilySamples.Sample(name + "_sum", names, values, toBase(d, h.sum())));
    }

    /**
     * The bucket's exemplar with {@code trace_id} and {@code span_id} labels. simpleclient writes it in
     * OpenMetrics only; the 0.0.4 text (ours and simpleclient's) has no exemplars.
     */
    private static Exemplar exemplar(MetricDescriptor d, io.gatewatch.snapshot.Exemplar e) {
        if (e == null) {
            return null;
        }
        return new Exemplar(toBase(d, e.value()), e.timestampMillis(), "trace_id", e.traceId(), "span_id", e.spanIdHex());
    }

    /** Common tags first (unless the series has a label of that name), then the series' labels. */
    private static void labels(Labels common, Labels series, List<String> names, List<String> values) {
        Set<String> own = new HashSet<>();
        for (int i = 0; i < series.size(); i++) {
            own.add(MetricNames.labelName(series.name(i)));
        }
        for (int i = 0; i < common.size(); i++) {
            String n = MetricNames.labelName(common.name(i));
            if (!own.contains(n)) {
                names.add(n);
                values.add(common.value(i));
            }
        }
        for (int i = 0; i < series.size(); i++) {
            names.add(MetricNames.labelName(series.name(i)));
            values.add(series.value(i));
        }
    }

    /** Division, not multiplication by 1e-9, so 3006500000 ns is exactly the double nearest 3.0065 s. */
    private static double toBase(MetricDescriptor d, long raw) {
        return d.unit() == Unit.SECONDS ? raw / 1e9 : raw * d.unit().scale();
    }

    private static Type type(MetricType t) {
        return switch (t) {
            case COUNTER -> Type.COUNTER;
            case GAUGE -> Type.GAUGE;
            case HISTOGRAM -> Type.HISTOGRAM;
        };
    }
}
