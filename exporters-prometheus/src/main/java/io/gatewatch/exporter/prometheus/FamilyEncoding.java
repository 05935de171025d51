package io.gatewatch.exporter.prometheus;

import io.gatewatch.snapshot.Labels;
import io.gatewatch.snapshot.MetricDescriptor;
import io.gatewatch.snapshot.MetricType;
import io.gatewatch.spi.support.MetricNames;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Everything about one family's text that does not change between scrapes, encoded once: the
 * HELP and TYPE lines, the sample names, the {@code le} labels, and each series' label block
 * ({@code {env="prod",route="users"}). A scrape then only copies bytes and writes numbers.
 *
 * <p>Thread-safe: concurrent scrapes may fill the series cache at the same time.
 */
final class FamilyEncoding {
    final MetricDescriptor descriptor;
    final String familyName;
    final byte[] header;
    /** TYPE, UNIT (when the name carries one) and HELP as OpenMetrics writes them, under the family name. */
    final byte[] openMetricsHeader;
    /** {@code name_total} for counters, {@code name} for gauges, {@code name_bucket} for histograms. */
    final byte[] sampleName;
    final byte[] sumName;
    final byte[] countName;
    /** Per bucket slot, {@code le="0.005"} including the +Inf slot. */
    final byte[][] le;

    private final CommonTags common;
    private final ConcurrentHashMap<Labels, byte[]> series = new ConcurrentHashMap<>();

    FamilyEncoding(MetricDescriptor d, String prefix, CommonTags common) {
        this.descriptor = d;
        this.common = common;
        this.familyName = PrometheusNaming.familyName(d, prefix);
        String typed = d.type() == MetricType.COUNTER ? familyName + "_total" : familyName;
        String type = d.type().name().toLowerCase(java.util.Locale.ROOT);
        ExpositionBuffer h = new ExpositionBuffer(256);
        comment(h, "HELP", typed, d.help(), false);
        comment(h, "TYPE", typed, type, false);
        this.header = h.toByteArray();
        // OpenMetrics names the family without _total, puts TYPE first and escapes HELP like a label value
        h.reset();
        comment(h, "TYPE", familyName, type, true);
        String unit = PrometheusNaming.unit(d, familyName);
        if (!unit.isEmpty()) {
            comment(h, "UNIT", familyName, unit, true);
        }
        comment(h, "HELP", familyName, d.help(), true);
        this.openMetricsHeader = h.toByteArray();
        this.sampleName = ascii(d.type() == MetricType.HISTOGRAM ? familyName + "_bucket" : typed);
        this.sumName = ascii(familyName + "_sum");
        this.countName = ascii(familyName + "_count");
        this.le = new byte[d.bucketCount() + 1][];
        for (int i = 0; i < d.bucketCount(); i++) {
            le[i] = ascii("le=\"" + PrometheusNaming.le(d.unit(), d.bucketBound(i)) + "\"}");
        }
        le[d.bucketCount()] = ascii("le=\"+Inf\"}");
    }

    /** {@code # KEYWORD name text}, the text escaped (double quotes too when {@code quote} is set). */
    private static void comment(ExpositionBuffer h, String keyword, String name, String text, boolean quote) {
        h.putAscii("# ");
        h.putAscii(keyword);
        h.put((byte) ' ');
        h.putAscii(name);
        h.put((byte) ' ');
        h.putEscaped(text, quote);
        h.put((byte) '\n');
    }

    /**
     * The series' labels and the common tags as {@code {a="1",b="2"} without the closing brace,
     * or an empty array when there are none. A series label wins over a common tag of the same
     * name, so no name appears twice.
     */
    byte[] labelBlock(Labels labels) {
        byte[] block = series.get(labels);
        if (block == null) {
            block = series.computeIfAbsent(labels, this::encode);
        }
        return block;
    }

    /** Drops cached blocks once far more are held than the family has series (series went away). */
    void trim(int liveSeries) {
        if (series.size() > 2 * liveSeries + 64) {
            series.clear();
        }
    }

    private byte[] encode(Labels labels) {
        ExpositionBuffer b = new ExpositionBuffer(128);
        boolean first = true;
        Labels tags = common.labels;
        for (int i = 0; i < tags.size(); i++) {
            if (!hasSanitisedName(labels, common.names[i])) {
                first = pair(b, first, common.names[i], tags.value(i));
            }
        }
        for (int i = 0; i < labels.size(); i++) {
            first = pair(b, first, MetricNames.labelName(labels.name(i)), labels.value(i));
        }
        return b.toByteArray();
    }

    private static boolean hasSanitisedName(Labels labels, String name) {
        for (int i = 0; i < labels.size(); i++) {
            if (MetricNames.labelName(labels.name(i)).equals(name)) {
                return true;
            }
        }
        return false;
    }

    private static boolean pair(ExpositionBuffer b, boolean first, String name, String value) {
        b.put((byte) (first ? '{' : ','));
        b.putAscii(name);
        b.putAscii("=\"");
        b.putEscaped(value, true);
        b.put((byte) '"');
        return false;
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    /** The snapshot's common tags with their names already sanitised. */
    static final class CommonTags {
        static final CommonTags NONE = new CommonTags(Labels.EMPTY);

        final Labels labels;
        final String[] names;

        CommonTags(Labels labels) {
            this.labels = labels;
            this.names = new String[labels.size()];
            for (int i = 0; i < names.length; i++) {
                names[i] = MetricNames.labelName(labels.name(i));
            }
        }
    }
}
