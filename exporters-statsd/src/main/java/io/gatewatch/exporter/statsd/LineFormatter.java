package io.gatewatch.exporter.statsd;

import io.gatewatch.snapshot.Labels;
import org.jspecify.annotations.Nullable;

/**
 * Writes one StatsD line in one flavour, in two halves around the value so the caller writes the
 * value itself without boxing: {@link #head} writes the name (and the tags that live in the name)
 * and the {@code :}; {@link #tail} writes {@code |type} and the tags that follow it. Pure:
 * the same input always gives the same bytes.
 *
 * <p>Tags come from three places, always in this order: the snapshot's common tags, the
 * exporter's configured {@code tags}, then the series' own labels in the order its family
 * declared them.
 */
abstract class LineFormatter {

    static LineFormatter of(StatsdFlavor flavor) {
        return switch (flavor) {
            case DOGSTATSD -> new DogStatsd();
            case ETSY -> new Etsy();
            case TELEGRAF -> new Telegraf();
        };
    }

    /**
     * @param name the family's name as {@link io.gatewatch.spi.support.MetricNames#dotted} renders it
     *             (prefix included), so it is written as it is
     * @param stat a histogram statistic ({@code count}, {@code p99}) appended to the name, or null
     */
    abstract void head(LineBuffer out, String name, @Nullable String stat, Labels common, Labels extra, Labels series);

    /** @param type {@code c} or {@code g} */
    abstract void tail(LineBuffer out, String type, Labels common, Labels extra, Labels series);

    static void name(LineBuffer out, String name, @Nullable String stat) {
        out.putAscii(name);
        if (stat != null) {
            out.put('.').putAscii(stat);
        }
    }

    /** {@code name:value|type|#k:v,k:v} */
    static final class DogStatsd extends LineFormatter {
        @Override
        void head(LineBuffer out, String name, @Nullable String stat, Labels common, Labels extra, Labels series) {
            name(out, name, stat);
            out.put(':');
        }

        @Override
        void tail(LineBuffer out, String type, Labels common, Labels extra, Labels series) {
            out.put('|').putAscii(type);
            if (common.size() + extra.size() + series.size() > 0) {
                out.putAscii("|#");
                int before = out.length();
                tags(out, common, before);
                tags(out, extra, before);
                tags(out, series, before);
            }
        }

        private static void tags(LineBuffer out, Labels labels, int start) {
            for (int i = 0; i < labels.size(); i++) {
                if (out.length() > start) {
                    out.put(',');
                }
                out.putName(labels.name(i)).put(':').putTagValue(labels.value(i), "");
            }
        }
    }

    /** {@code prefix.name.stat.k1.v1.k2.v2:value|type}: plain StatsD has no tags. */
    static final class Etsy extends LineFormatter {
        @Override
        void head(LineBuffer out, String name, @Nullable String stat, Labels common, Labels extra, Labels series) {
            name(out, name, stat);
            segments(out, common);
            segments(out, extra);
            segments(out, series);
            out.put(':');
        }

        private static void segments(LineBuffer out, Labels labels) {
            for (int i = 0; i < labels.size(); i++) {
                out.put('.').putSegment(labels.name(i)).put('.').putSegment(labels.value(i));
            }
        }

        @Override
        void tail(LineBuffer out, String type, Labels common, Labels extra, Labels series) {
            out.put('|').putAscii(type);
        }
    }

    /** {@code name,k1=v1,k2=v2:value|type}: Influx line-protocol tags, as Telegraf's statsd input parses them. */
    static final class Telegraf extends LineFormatter {
        /** Influx tag values end at {@code ,}, {@code =} and space; the backslash escapes. */
        private static final String SEPARATORS = "= \\";

        @Override
        void head(LineBuffer out, String name, @Nullable String stat, Labels common, Labels extra, Labels series) {
            name(out, name, stat);
            tags(out, common);
            tags(out, extra);
            tags(out, series);
            out.put(':');
        }

        private static void tags(LineBuffer out, Labels labels) {
            for (int i = 0; i < labels.size(); i++) {
                out.put(',').putName(labels.name(i)).put('=').putTagValue(labels.value(i), SEPARATORS);
            }
        }

        @Override
        void tail(LineBuffer out, String type, Labels common, Labels extra, Labels series) {
            out.put('|').putAscii(type);
        }
    }
}
