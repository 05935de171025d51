package io.gatewatch.bridge;

import com.codahale.metrics.Counting;
import com.codahale.metrics.Metric;
import com.codahale.metrics.MetricRegistry;
import com.codahale.metrics.Sampling;
import io.gatewatch.api.Unit;
import io.gatewatch.snapshot.CounterPoint;
import io.gatewatch.snapshot.GaugePoint;
import io.gatewatch.snapshot.Labels;
import io.gatewatch.snapshot.MetricDescriptor;
import io.gatewatch.snapshot.MetricFamily;
import io.gatewatch.snapshot.Point;
import io.gatewatch.spi.MetricSource;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Shows a host application's existing Dropwizard {@link MetricRegistry} in every gatewatch
 * snapshot, so its metrics reach every exporter beside the gateway's own.
 *
 * <pre>{@code
 * Gatewatch gw = Gatewatch.builder().addSource(new DropwizardBridge(hostRegistry)).start();
 * }</pre>
 * (compiled and run as written by {@code DropwizardBridgeTest.theJavadocSampleWorksAsWritten})
 *
 * <p>Mapping, read at snapshot time (Dropwizard has no labels, so none are invented):
 * <ul>
 *   <li>{@code Gauge} with a numeric value → gauge; non-numeric gauges are skipped;</li>
 *   <li>{@code Counter} → gauge (Dropwizard counters go down too: they are often "active" counts);</li>
 *   <li>{@code Meter} → counter of events;</li>
 *   <li>{@code Histogram} and {@code Timer} → counter of events, plus {@code <name>.quantile}
 *       gauges labelled {@code quantile} (0.5 … 0.999), in seconds for timers. These are
 *       Dropwizard's per-node reservoir estimates: they cannot be averaged across nodes.</li>
 * </ul>
 * Names keep Dropwizard's dots, lower-cased, with other characters turned into {@code _}, and
 * take no gatewatch prefix.
 */
public final class DropwizardBridge implements MetricSource {
    private static final double[] QUANTILES = {0.5, 0.75, 0.95, 0.98, 0.99, 0.999};

    private final MetricRegistry registry;

    public DropwizardBridge(MetricRegistry registry) {
        this.registry = registry;
    }

    @Override
    public Collection<MetricFamily> collect() {
        List<MetricFamily> out = new ArrayList<>();
        for (Map.Entry<String, Metric> e : registry.getMetrics().entrySet()) {
            String name = canonical(e.getKey());
            Metric m = e.getValue();
            if (m instanceof com.codahale.metrics.Gauge<?> g) {
                if (g.getValue() instanceof Number n) {
                    out.add(gauge(name, Unit.NONE, Labels.EMPTY, n.doubleValue()));
                }
            } else if (m instanceof com.codahale.metrics.Counter c) {
                out.add(gauge(name, Unit.NONE, Labels.EMPTY, c.getCount()));
            } else if (m instanceof Counting counting) {
                out.add(new MetricFamily(
                        MetricDescriptor.counter(name, "Dropwizard " + e.getKey(), Unit.NONE).unprefixed(),
                        List.of(new CounterPoint(Labels.EMPTY, counting.getCount()))));
                if (m instanceof Sampling sampling) {
                    out.add(quantiles(name, e.getKey(), sampling, m instanceof com.codahale.metrics.Timer));
                }
            }
        }
        return out;
    }

    private static MetricFamily quantiles(String name, String original, Sampling sampling, boolean timer) {
        com.codahale.metrics.Snapshot s = sampling.getSnapshot();
        Unit unit = timer ? Unit.SECONDS : Unit.NONE;
        List<Point> points = new ArrayList<>(QUANTILES.length);
        for (double q : QUANTILES) {
            points.add(new GaugePoint(Labels.pairs("quantile", Double.toString(q)), unit.toBase(s.getValue(q))));
        }
        return new MetricFamily(MetricDescriptor.gauge(name + ".quantile",
                "Dropwizard " + original + " reservoir quantiles (per node, not aggregatable)", unit, "quantile")
                .unprefixed(), points);
    }

    private static MetricFamily gauge(String name, Unit unit, Labels labels, double value) {
        return new MetricFamily(MetricDescriptor.gauge(name, "Dropwizard " + name, unit).unprefixed(),
                List.of(new GaugePoint(labels, value)));
    }

    static String canonical(String dropwizardName) {
        String lower = dropwizardName.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_.]", "_")
                .replaceAll("\\.{2,}", ".").replaceAll("^[._]+|\\.+$", "");
        if (lower.isEmpty() || !Character.isLetter(lower.charAt(0))) {
            lower = "m" + lower;
        }
        return lower;
    }
}
