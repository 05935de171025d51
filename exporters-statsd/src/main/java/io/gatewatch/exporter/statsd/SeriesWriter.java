package io.gatewatch.exporter.statsd;

import io.gatewatch.api.Unit;
import io.gatewatch.snapshot.CounterPoint;
import io.gatewatch.snapshot.GaugePoint;
import io.gatewatch.snapshot.HistogramPoint;
import io.gatewatch.snapshot.Labels;
import io.gatewatch.snapshot.MetricDescriptor;
import io.gatewatch.snapshot.Point;
import io.gatewatch.spi.support.HistogramStats;
import io.gatewatch.spi.support.MetricNames;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Turns one series of an interval snapshot into its StatsD lines, newline separated, in a
 * caller-owned buffer. What each metric type becomes:
 * <ul>
 *   <li>counter: its delta as {@code name:delta|c}; a zero delta sends nothing;</li>
 *   <li>gauge: {@code name:value|g}; NaN and infinities send nothing; a negative value is sent
 *       as {@code name:0|g} then {@code name:-5|g}, because StatsD reads a sign as a change;</li>
 *   <li>histogram (an interval with at least one value): {@code name.count} and {@code name.sum}
 *       as counters, {@code name.max}, {@code name.p50}, {@code name.p95}, {@code name.p99} as
 *       gauges, all in the base unit (seconds, bytes).</li>
 * </ul>
 * Values in seconds are written from the raw nanoseconds, exact to the nanosecond.
 */
final class SeriesWriter {
    private final LineFormatter formatter;
    private final String prefix;
    private final Labels extraTags;
    /**
     * Family names rendered by {@link MetricNames#dotted}, kept so a flush allocates nothing once
     * every family was seen; bounded, because a metric source may make new descriptors each time.
     */
    private final Map<MetricDescriptor, String> names = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<MetricDescriptor, String> eldest) {
            return size() > MAX_NAMES;
        }
    };
    private static final int MAX_NAMES = 4096;

    SeriesWriter(LineFormatter formatter, String prefix, Labels extraTags) {
        this.formatter = formatter;
        this.prefix = prefix;
        this.extraTags = extraTags;
    }

    /**
     * Appends the series' lines to {@code out}; returns how many lines it wrote (0 for none).
     *
     * @param name   the family's {@link #name name}, looked up once per family
     * @param bounds the family's bucket bounds (fetched once per family; empty for other types)
     */
    int write(LineBuffer out, String name, MetricDescriptor d, long[] bounds, Point p, Labels common) {
        if (p instanceof CounterPoint c) {
            if (c.value() == 0) {
                return 0;
            }
            formatter.head(out, name, null, common, extraTags, c.labels());
            putRaw(out, d.unit(), c.value());
            formatter.tail(out, "c", common, extraTags, c.labels());
            return 1;
        }
        if (p instanceof GaugePoint g) {
            return gauge(out, name, null, g.value(), false, common, g.labels(), 0);
        }
        HistogramPoint h = (HistogramPoint) p;
        if (h.count() == 0) {
            return 0;
        }
        Labels labels = h.labels();
        formatter.head(out, name, "count", common, extraTags, labels);
        out.putLong(h.count());
        formatter.tail(out, "c", common, extraTags, labels);
        out.put('\n');
        formatter.head(out, name, "sum", common, extraTags, labels);
        putRaw(out, d.unit(), h.sum());
        formatter.tail(out, "c", common, extraTags, labels);
        int lines = 2;
        lines = gaugeRaw(out, name, d, "max", h.max(), common, labels, lines);
        lines = gaugeRaw(out, name, d, "p50", HistogramStats.percentile(bounds, h, 0.50), common, labels, lines);
        lines = gaugeRaw(out, name, d, "p95", HistogramStats.percentile(bounds, h, 0.95), common, labels, lines);
        return gaugeRaw(out, name, d, "p99", HistogramStats.percentile(bounds, h, 0.99), common, labels, lines);
    }

    private int gaugeRaw(LineBuffer out, String name, MetricDescriptor d, String stat, double raw, Labels common,
                         Labels labels, int linesSoFar) {
        return d.unit() == Unit.SECONDS
                ? gauge(out, name, stat, raw, true, common, labels, linesSoFar)
                : gauge(out, name, stat, d.unit().toBase(raw), false, common, labels, linesSoFar);
    }

    /** @param nanos whether {@code value} is raw nanoseconds, written exactly as seconds */
    private int gauge(LineBuffer out, String name, @Nullable String stat, double value, boolean nanos,
                      Labels common, Labels labels, int linesSoFar) {
        if (!Double.isFinite(value)) {
            return linesSoFar;
        }
        if (linesSoFar > 0) {
            out.put('\n');
        }
        int lines = linesSoFar + 1;
        if (value < 0) {
            // Etsy, Telegraf and the daemons that take DogStatsD tags with Etsy semantics read
            // "-5|g" as "lower by 5"; setting 0 first makes it absolute. The Datadog agent keeps
            // an interval's last value, so the zero costs it nothing.
            formatter.head(out, name, stat, common, extraTags, labels);
            out.put('0');
            formatter.tail(out, "g", common, extraTags, labels);
            out.put('\n');
            lines++;
        }
        formatter.head(out, name, stat, common, extraTags, labels);
        if (nanos) {
            out.putFixed(Math.round(value), 9);
        } else {
            out.putDouble(value);
        }
        formatter.tail(out, "g", common, extraTags, labels);
        return lines;
    }

    /** The family's dotted name, prefix included where the family takes it. */
    String name(MetricDescriptor d) {
        String name = names.get(d);
        if (name == null) {
            name = MetricNames.dotted(d, prefix);
            names.put(d, name);
        }
        return name;
    }

    private static void putRaw(LineBuffer out, Unit unit, long raw) {
        if (unit == Unit.SECONDS) {
            out.putFixed(raw, 9);
        } else {
            out.putLong(raw);
        }
    }
}
