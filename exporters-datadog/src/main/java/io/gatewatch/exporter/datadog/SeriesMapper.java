package io.gatewatch.exporter.datadog;

import com.datadog.api.client.v2.model.MetricIntakeType;
import com.datadog.api.client.v2.model.MetricPoint;
import com.datadog.api.client.v2.model.MetricResource;
import com.datadog.api.client.v2.model.MetricSeries;
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
import io.gatewatch.spi.support.HistogramStats;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns one interval (a delta snapshot) into Datadog series, one point each, stamped with the
 * interval's own time so that a late send still lands where it happened. Used by the exporter's
 * thread only (it caches names and tag lists between intervals).
 *
 * <ul>
 *   <li>counter: {@code COUNT} with the interval's length;</li>
 *   <li>gauge: {@code GAUGE} (non-finite values are skipped: JSON cannot carry them);</li>
 *   <li>histogram: {@code .count} and {@code .sum} as {@code COUNT}, and, when the interval saw
 *       values, {@code .min .max .p50 .p95 .p99} as {@code GAUGE} estimated from the buckets.</li>
 * </ul>
 * Values are in base units (seconds, bytes). Tags are the common tags, then the configured tags,
 * then the labels; a later key wins.
 */
final class SeriesMapper {
    static final double[] QUANTILES = {0.50, 0.95, 0.99};
    static final String[] QUANTILE_SUFFIXES = {".p50", ".p95", ".p99"};

    /** Label sets repeat every interval; sharing their tag lists keeps a long outage's buffer small. */
    private static final int MAX_CACHED_TAG_LISTS = 50_000;

    private final String prefix;
    private final Map<String, String> configuredTags;
    private final String configuredHost;
    private final Map<Labels, List<String>> tagLists = new HashMap<>();
    private final Map<MetricDescriptor, String[]> names = new HashMap<>();
    private Labels tagListsCommon;

    /**
     * @param prefix         the metric prefix for prefixed families ({@code gateway})
     * @param configuredTags tags from the exporter's settings
     * @param configuredHost the host resource, or {@code null} to use the snapshot's node id
     */
    SeriesMapper(String prefix, Map<String, String> configuredTags, String configuredHost) {
        this.prefix = prefix;
        this.configuredTags = new LinkedHashMap<>(configuredTags);
        this.configuredHost = configuredHost;
    }

    /**
     * @param interval        the delta snapshot of one interval
     * @param intervalSeconds its length, for {@code COUNT} series
     */
    List<MetricSeries> map(Snapshot interval, long intervalSeconds) {
        long timestamp = interval.timestampMillis() / 1000;
        List<MetricResource> host = List.of(new MetricResource()
                .name(configuredHost != null ? configuredHost : interval.nodeId()).type("host"));
        List<MetricSeries> out = new ArrayList<>(interval.seriesCount() * 2);
        if (!interval.commonTags().equals(tagListsCommon) || tagLists.size() > MAX_CACHED_TAG_LISTS) {
            tagLists.clear();
            tagListsCommon = interval.commonTags();
        }
        for (MetricFamily family : interval.families()) {
            MetricDescriptor d = family.descriptor();
            String[] name = names.computeIfAbsent(d, this::names);
            String unit = unit(d.unit());
            long[] bounds = d.type() == MetricType.HISTOGRAM ? d.bucketBounds() : null;
            for (Point p : family.points()) {
                List<String> tags = tagLists.computeIfAbsent(p.labels(), l -> tags(interval.commonTags(), l));
                if (p instanceof CounterPoint c) {
                    out.add(series(name[0], MetricIntakeType.COUNT, intervalSeconds, timestamp, d.unit().toBase(c.value()),
                            unit, tags, host));
                } else if (p instanceof GaugePoint g) {
                    if (Double.isFinite(g.value())) {
                        out.add(series(name[0], MetricIntakeType.GAUGE, null, timestamp, g.value(), unit, tags, host));
                    }
                } else if (p instanceof HistogramPoint h) {
                    addHistogram(out, name, d.unit(), unit, bounds, h, intervalSeconds, timestamp, tags, host);
                }
            }
        }
        return out;
    }

    /** The family's Datadog name, then for histograms its seven derived names (built once per family). */
    private String[] names(MetricDescriptor d) {
        String base = DatadogNaming.metricName(d, prefix);
        if (d.type() != MetricType.HISTOGRAM) {
            return new String[] {base};
        }
        String[] n = new String[5 + QUANTILE_SUFFIXES.length];
        n[0] = base;
        n[1] = base + ".count";
        n[2] = base + ".sum";
        n[3] = base + ".min";
        n[4] = base + ".max";
        for (int i = 0; i < QUANTILE_SUFFIXES.length; i++) {
            n[5 + i] = base + QUANTILE_SUFFIXES[i];
        }
        return n;
    }

    private static void addHistogram(List<MetricSeries> out, String[] name, Unit rawUnit, String unit, long[] bounds,
                                     HistogramPoint h, long intervalSeconds, long timestamp, List<String> tags,
                                     List<MetricResource> host) {
        out.add(series(name[1], MetricIntakeType.COUNT, intervalSeconds, timestamp, h.count(), null, tags, host));
        out.add(series(name[2], MetricIntakeType.COUNT, intervalSeconds, timestamp, rawUnit.toBase(h.sum()), unit,
                tags, host));
        if (h.count() == 0) {
            return;
        }
        out.add(series(name[3], MetricIntakeType.GAUGE, null, timestamp, rawUnit.toBase(h.min()), unit, tags, host));
        out.add(series(name[4], MetricIntakeType.GAUGE, null, timestamp, rawUnit.toBase(h.max()), unit, tags, host));
        for (int i = 0; i < QUANTILES.length; i++) {
            double raw = HistogramStats.percentile(bounds, h, QUANTILES[i]);
            out.add(series(name[5 + i], MetricIntakeType.GAUGE, null, timestamp, rawUnit.toBase(raw), unit, tags, host));
        }
    }

    private List<String> tags(Labels common, Labels labels) {
        Map<String, String> merged = new LinkedHashMap<>();
        for (int i = 0; i < common.size(); i++) {
            merged.put(common.name(i), common.value(i));
        }
        merged.putAll(configuredTags);
        for (int i = 0; i < labels.size(); i++) {
            merged.put(labels.name(i), labels.value(i));
        }
        List<String> tags = new ArrayList<>(merged.size());
        merged.forEach((k, v) -> tags.add(DatadogNaming.tag(k, v)));
        return List.copyOf(tags);
    }

    private static MetricSeries series(String name, MetricIntakeType type, Long interval, long timestamp, double value,
                                       String unit, List<String> tags, List<MetricResource> host) {
        MetricSeries s = new MetricSeries()
                .metric(name)
                .type(type)
                .points(List.of(new MetricPoint().timestamp(timestamp).value(value)))
                .tags(tags)
                .resources(host);
        if (interval != null) {
            s.interval(interval);
        }
        if (unit != null) {
            s.unit(unit);
        }
        return s;
    }

    /** Datadog's unit names; none for plain counts. */
    static String unit(Unit unit) {
        return switch (unit) {
            case SECONDS -> "second";
            case BYTES -> "byte";
            case NONE -> null;
        };
    }
}
