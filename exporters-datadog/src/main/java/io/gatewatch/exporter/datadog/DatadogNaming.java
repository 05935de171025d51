package io.gatewatch.exporter.datadog;

import io.gatewatch.snapshot.MetricDescriptor;
import io.gatewatch.spi.support.MetricNames;
import java.util.Locale;

/**
 * Datadog's rules for metric names and tags, applied here so the intake never has to rewrite
 * (or silently merge) what gatewatch sends.
 *
 * <ul>
 *   <li>Metric names: the dotted convention of {@link MetricNames}, and Datadog's own limits:
 *       ASCII letters, digits, {@code _} and {@code .} (a {@code -} becomes {@code _}); must start
 *       with a letter; at most 200 characters.</li>
 *   <li>Tags: start with a letter; letters (Unicode allowed), digits, {@code _ - : . /}; anything
 *       else becomes {@code _}; runs of {@code _} collapse and a trailing {@code _} goes;
 *       lower case; at most 200 characters, key and value together.</li>
 * </ul>
 */
final class DatadogNaming {
    static final int MAX_LENGTH = 200;

    private DatadogNaming() {
    }

    /**
     * The family's name as {@link MetricNames#dotted} renders it for every dotted backend (prefix,
     * characters outside {@code [A-Za-z0-9_.-]} as {@code _}), then what Datadog adds: no {@code -},
     * a letter first, at most 200 characters.
     */
    static String metricName(MetricDescriptor descriptor, String prefix) {
        String dotted = MetricNames.dotted(descriptor, prefix).replace('-', '_');
        // a metric source's descriptor may carry an empty name: "m." then, as for a leading digit
        String named = !dotted.isEmpty() && isAsciiLetter(dotted.charAt(0)) ? dotted : "m." + dotted;
        return named.length() > MAX_LENGTH ? named.substring(0, MAX_LENGTH) : named;
    }

    /** {@code key:value} for a label or configured tag, sanitised as Datadog would. */
    static String tag(String key, String value) {
        String k = sanitiseTagPart(key);
        if (k.isEmpty() || !Character.isLetter(k.charAt(0))) {
            k = "t_" + k;
        }
        String v = sanitiseTagPart(value);
        String tag = v.isEmpty() ? k : k + ":" + v;
        if (tag.length() > MAX_LENGTH) {
            tag = tag.substring(0, MAX_LENGTH);
        }
        return stripTrailingUnderscores(tag);
    }

    private static String sanitiseTagPart(String s) {
        String lower = s.toLowerCase(Locale.ROOT);
        StringBuilder sb = new StringBuilder(lower.length());
        for (int i = 0; i < lower.length(); i++) {
            char c = lower.charAt(i);
            boolean ok = Character.isLetterOrDigit(c) || c == '_' || c == '-' || c == ':' || c == '.' || c == '/';
            char out = ok ? c : '_';
            if (out == '_' && sb.length() > 0 && sb.charAt(sb.length() - 1) == '_') {
                continue;
            }
            sb.append(out);
        }
        return stripTrailingUnderscores(sb.toString());
    }

    private static String stripTrailingUnderscores(String s) {
        int end = s.length();
        while (end > 0 && s.charAt(end - 1) == '_') {
            end--;
        }
        return s.substring(0, end);
    }

    private static boolean isAsciiLetter(char c) {
        return c < 128 && Character.isLetter(c);
    }
}
