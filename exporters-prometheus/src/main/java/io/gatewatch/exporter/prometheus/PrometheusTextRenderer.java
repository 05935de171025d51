package io.gatewatch.exporter.prometheus;

import io.gatewatch.snapshot.CounterPoint;
import io.gatewatch.snapshot.GaugePoint;
import io.gatewatch.snapshot.HistogramPoint;
import io.gatewatch.snapshot.Labels;
import io.gatewatch.snapshot.MetricDescriptor;
import io.gatewatch.snapshot.MetricFamily;
import io.gatewatch.snapshot.Point;
import io.gatewatch.snapshot.Snapshot;
import io.gatewatch.snapshot.Unit;
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
        FamilyEncoding.CommonTags tags = commonTags(snapshot.commonTags());
        List<MetricFamily> families = snapshot.families();
        Set<String> written = new HashSet<>(families.size() * 2);
        for (int f = 0; f < families.size(); f++) {
            MetricFamily family = families.get(f);
            FamilyEncoding enc = encoding(family.descriptor(), tags);
            if (!written.add(enc.familyName)) {
                continue; // a second family under the same name would make the whole scrape invalid
            }
            out.put(enc.header);
            List<Point> points = family.points();
            for (int i = 0; i < points.size(); i++) {
                Point p = points.get(i);
                byte[] block = enc.labelBlock(p.labels());
                if (p instanceof HistogramPoint h) {
                    writeHistogram(out, enc, block, h);
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

    private static void writeHistogram(ExpositionBuffer out, FamilyEncoding enc, byte[] block, HistogramPoint h) {
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
