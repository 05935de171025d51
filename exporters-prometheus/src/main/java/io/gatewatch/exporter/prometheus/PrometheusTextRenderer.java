package io.gatewatch.exporter.prometheus;

import io.gatewatch.api.Unit;
import io.gatewatch.snapshot.CounterPoint;
import io.gatewatch.snapshot.Exemplar;
import io.gatewatch.snapshot.GaugePoint;
import io.gatewatch.snapshot.HistogramPoint;
import io.gatewatch.snapshot.Labels;
import io.gatewatch.snapshot.MetricDescriptor;
import io.gatewatch.snapshot.MetricFamily;
import io.gatewatch.snapshot.Point;
import io.gatewatch.snapshot.Snapshot;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Writes a {@link Snapshot} in the Prometheus text format 0.0.4, straight into a reused
 * {@link ExpositionBuffer}. Names, HELP/TYPE lines, {@code le} labels and each series' label block
 * are encoded once and cached per descriptor, so a steady-state render copies bytes and formats
 * numbers without allocating per series.
 *
 * <pre>{@code
 * PrometheusTextRenderer renderer = new PrometheusTextRenderer("gateway");
 * ExpositionBuffer out = new ExpositionBuffer();
 * renderer.render(snapshot, out);
 * out.writeTo(responseStream);
 * }</pre>
 *
 * <p>Thread-safe: several scrapes may render at once, each into its own buffer. Histograms are
 * written cumulatively from the snapshot's buckets, and {@code _count} is the cumulative total,
 * so the {@code +Inf} bucket always equals {@code _count}.
 */
public final class PrometheusTextRenderer {
    /** The content type of what {@link #render} writes. */
    public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";
    /** The content type of what {@link #renderOpenMetrics} writes. */
    public static final String OPENMETRICS_CONTENT_TYPE = "application/openmetrics-text; version=1.0.0; charset=utf-8";
    private static final String EOF = "# EOF\n";

    private final String prefix;
    private final ConcurrentHashMap<MetricDescriptor, FamilyEncoding> encodings = new ConcurrentHashMap<>();
    private volatile FamilyEncoding.CommonTags common = FamilyEncoding.CommonTags.NONE;

    /** @param prefix put before prefixed families' names ({@code gateway}); empty for none */
    public PrometheusTextRenderer(String prefix) {
        this.prefix = Objects.requireNonNull(prefix, "prefix");
    }

    /** Replaces the buffer's content with the snapshot's exposition. */
    public void render(Snapshot snapshot, ExpositionBuffer out) {
        out.reset();
        writeFamilies(snapshot, out, false);
    }

    /**
     * Replaces the buffer's content with the snapshot in OpenMetrics 1.0.0 ({@link
     * #OPENMETRICS_CONTENT_TYPE}): the same series, headers as OpenMetrics writes them, each
     * histogram bucket's exemplar, and the closing {@code # EOF}.
     */
    public void renderOpenMetrics(Snapshot snapshot, ExpositionBuffer out) {
        out.reset();
        writeFamilies(snapshot, out, true);
        out.putAscii(EOF);
    }

    /** The OpenMetrics families without the closing line, for an endpoint that appends another registry's. */
    void renderOpenMetricsFamilies(Snapshot snapshot, ExpositionBuffer out) {
        out.reset();
        writeFamilies(snapshot, out, true);
    }

    private void writeFamilies(Snapshot snapshot, ExpositionBuffer out, boolean openMetrics) {
        FamilyEncoding.CommonTags tags = commonTags(snapshot.commonTags());
        List<MetricFamily> families = snapshot.families();
        Set<String> written = new HashSet<>(families.size() * 2);
        for (int f = 0; f < families.size(); f++) {
            MetricFamily family = families.get(f);
            FamilyEncoding enc = encoding(family.descriptor(), tags);
            if (!written.add(enc.familyName)) {
                continue; // a second family under the same name would make the whole scrape invalid
            }
            out.put(openMetrics ? enc.openMetricsHeader : enc.header);
            List<Point> points = family.points();
            for (int i = 0; i < points.size(); i++) {
                Point p = points.get(i);
                byte[] block = enc.labelBlock(p.labels());
                if (p instanceof HistogramPoint h) {
                    writeHistogram(out, enc, block, h, openMetrics);
                } else {
                    out.put(enc.sampleName);
                    closeBlock(out, block);
                    out.put((byte) ' ');
                    if (p instanceof CounterPoint c) {
                        putRaw(out, enc.descriptor.unit(), c.value());
                    } else {
                        out.putDouble(((GaugePoint) p).value());
                    }
                    out.put((byte) '\n');
                }
            }
            enc.trim(points.size());
        }
    }

    /** The Prometheus family name of a descriptor under this renderer's prefix (without {@code _total}). */
    public String familyName(MetricDescriptor descriptor) {
        return PrometheusNaming.familyName(descriptor, prefix);
    }

    private static void writeHistogram(ExpositionBuffer out, FamilyEncoding enc, byte[] block, HistogramPoint h,
                                       boolean exemplars) {
        long cumulative = 0;
        int slots = Math.min(h.bucketSlots(), enc.le.length);
        for (int b = 0; b < enc.le.length; b++) {
            if (b < slots) {
                cumulative += h.bucket(b);
            }
            out.put(enc.sampleName);
            if (block.length == 0) {
                out.put((byte) '{');
            } else {
                out.put(block);
                out.put((byte) ',');
            }
            out.put(enc.le[b]);
            out.put((byte) ' ');
            out.putLong(cumulative);
            if (exemplars && b < slots && h.exemplar(b) != null) {
                writeExemplar(out, enc.descriptor.unit(), h.exemplar(b));
            }
            out.put((byte) '\n');
        }
        out.put(enc.sumName);
        closeBlock(out, block);
        out.put((byte) ' ');
        putRaw(out, enc.descriptor.unit(), h.sum());
        out.put((byte) '\n');
        out.put(enc.countName);
        closeBlock(out, block);
        out.put((byte) ' ');
        out.putLong(cumulative);
        out.put((byte) '\n');
    }

    /** {@code  # {span_id="…",trace_id="…"} 0.042 1700000000.123}: the value in base units, the time in seconds. */
    private static void writeExemplar(ExpositionBuffer out, Unit unit, Exemplar e) {
        out.putAscii(" # {span_id=\"");
        out.putAscii(e.spanIdHex());
        out.putAscii("\",trace_id=\"");
        out.putAscii(e.traceId());
        out.putAscii("\"} ");
        putRaw(out, unit, e.value());
        out.put((byte) ' ');
        long millis = e.timestampMillis();
        out.putLong(Math.floorDiv(millis, 1000));
        out.put((byte) '.');
        long ms = Math.floorMod(millis, 1000);
        if (ms < 100) {
            out.put((byte) '0');
        }
        if (ms < 10) {
            out.put((byte) '0');
        }
        out.putLong(ms);
    }

    private static void closeBlock(ExpositionBuffer out, byte[] block) {
        if (block.length > 0) {
            out.put(block);
            out.put((byte) '}');
        }
    }

    /** Raw store values: nanoseconds become exact decimal seconds, everything else stays integral. */
    private static void putRaw(ExpositionBuffer out, Unit unit, long raw) {
        if (unit == Unit.SECONDS) {
            out.putNanosAsSeconds(raw);
        } else {
            out.putLong(raw);
        }
    }

    private FamilyEncoding encoding(MetricDescriptor d, FamilyEncoding.CommonTags tags) {
        FamilyEncoding enc = encodings.get(d);
        if (enc == null) {
            enc = encodings.computeIfAbsent(d, key -> new FamilyEncoding(key, prefix, tags));
        }
        return enc;
    }

    private FamilyEncoding.CommonTags commonTags(Labels tags) {
        FamilyEncoding.CommonTags current = common;
        if (current.labels.equals(tags)) {
            return current;
        }
        synchronized (this) {
            if (!common.labels.equals(tags)) {
                // cached label blocks embed the common tags; they are stale now
                encodings.clear();
                common = new FamilyEncoding.CommonTags(tags);
            }
            return common;
        }
    }
}
