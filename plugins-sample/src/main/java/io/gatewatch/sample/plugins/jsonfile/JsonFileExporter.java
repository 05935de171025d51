package io.gatewatch.sample.plugins.jsonfile;

import io.gatewatch.snapshot.CounterPoint;
import io.gatewatch.snapshot.GaugePoint;
import io.gatewatch.snapshot.HistogramPoint;
import io.gatewatch.snapshot.Labels;
import io.gatewatch.snapshot.MetricDescriptor;
import io.gatewatch.snapshot.MetricFamily;
import io.gatewatch.snapshot.Point;
import io.gatewatch.snapshot.Snapshot;
import io.gatewatch.spi.PushExporter;
import io.gatewatch.spi.support.DeltaTracker;
import io.gatewatch.spi.support.HistogramStats;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;

/**
 * Appends one JSON object per series per interval: counters as the delta of the interval,
 * gauges as they are, histograms as count, sum, p50, p95, p99 and max in base units.
 *
 * <pre>{"ts":"2026-11-22T10:00:00Z","node":"gw-1","metric":"gateway.requests","type":"counter","labels":{"route":"users"},"value":42}</pre>
 *
 * <p>The interval is committed only after the lines reached the file, so a full disk or a missing
 * directory loses nothing: the next interval carries the counts (core counts the failure).
 */
final class JsonFileExporter implements PushExporter {
    private final JsonFileSettings settings;
    private final String prefix;
    private final DeltaTracker deltas = new DeltaTracker();
    private final StringBuilder line = new StringBuilder(256);

    JsonFileExporter(JsonFileSettings settings, String prefix) {
        this.settings = settings;
        this.prefix = prefix;
    }

    @Override
    public String name() {
        return "json-file";
    }

    @Override
    public Duration interval() {
        return settings.interval();
    }

    @Override
    public void export(Snapshot snapshot) throws IOException {
        DeltaTracker.Delta delta = deltas.delta(snapshot);
        Snapshot interval = delta.interval();
        String ts = Instant.ofEpochMilli(interval.timestampMillis()).toString();
        try (Writer out = Files.newBufferedWriter(settings.path(), StandardCharsets.UTF_8,
                StandardOpenOption.CREATE, StandardOpenOption.APPEND, StandardOpenOption.WRITE)) {
            for (MetricFamily family : interval.families()) {
                for (Point p : family.points()) {
                    out.append(format(ts, interval.nodeId(), interval.commonTags(), family.descriptor(), p)).append('\n');
                }
            }
        }
        deltas.commit(delta);
    }

    String format(String ts, String node, Labels common, MetricDescriptor d, Point p) {
        line.setLength(0);
        line.append("{\"ts\":\"").append(ts).append("\",\"node\":");
        Json.string(line, node);
        line.append(",\"metric\":");
        Json.string(line, d.prefixed() && !prefix.isEmpty() ? prefix + "." + d.name() : d.name());
        line.append(",\"type\":\"").append(d.type().name().toLowerCase(java.util.Locale.ROOT)).append("\",\"labels\":{");
        boolean first = true;
        for (Labels labels : new Labels[] {common, p.labels()}) {
            for (int i = 0; i < labels.size(); i++) {
                if (!first) {
                    line.append(',');
                }
                first = false;
                Json.string(line, labels.name(i));
                line.append(':');
                Json.string(line, labels.value(i));
            }
        }
        line.append('}');
        double scale = d.unit().scale();
        if (p instanceof CounterPoint c) {
            line.append(",\"value\":");
            Json.number(line, c.value() * scale);
        } else if (p instanceof GaugePoint g) {
            line.append(",\"value\":");
            Json.number(line, g.value());
        } else {
            HistogramPoint h = (HistogramPoint) p;
            long[] bounds = d.bucketBounds();
            line.append(",\"count\":").append(h.count()).append(",\"sum\":");
            Json.number(line, h.sum() * scale);
            for (double q : new double[] {0.5, 0.95, 0.99}) {
                line.append(",\"p").append((int) Math.round(q * 100)).append("\":");
                Json.number(line, HistogramStats.percentile(bounds, h, q) * scale);
            }
            line.append(",\"max\":");
            Json.number(line, h.count() == 0 ? Double.NaN : h.max() * scale);
        }
        return line.append('}').toString();
    }

    @Override
    public void close() {
        // nothing held open between intervals
    }
}
