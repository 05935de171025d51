package io.gatewatch.exporter.datadog;

import java.util.Locale;

/**
 * Datadog's rules for metric names and tags, applied here so the intake never has to rewrite
 * (or silently merge) what gatewatch sends.
 *
 * <ul>
 *   <li>Metric names: ASCII letters, digits, {@code _} and {@code .}; anything else becomes
 *       {@code _}; must start with a letter; at most 200 characters.</li>
 *   <li>Tags: start with a letter; letters (Unicode allowed), digits, {@code _ - : . /}; anything
 *       else becomes {@code _}; runs of {@code _} collapse and a trailing {@code _} goes;
 *       lower case; at most 200 characters, key and value together.</li>
 * </ul>
 */
final class DatadogNaming {
    static final int MAX_LENGTH = 200;

    private DatadogNaming() {
    }

    /** {@code prefix.name}, or {@code name} when {@code prefix} is empty, sanitised. */
    static String metricName(String prefix, String name) {
        String joined = prefix == null || prefix.isEmpty() ? name : prefix + "." + name;
        StringBuilder sb = new StringBuilder(joined.length() + 2);
        for (int i = 0; i < joined.length(); i++) {
            char c = joined.charAt(i);
            boolean ok = c < 128 && (Character.isLetterOrDigit(c) || c == '_' || c == '.');
            sb.append(ok ? c : '_');
        }
        if (sb.length() == 0 || !isAsciiLetter(sb.charAt(0))) {
            sb.insert(0, "m.");
        }
        return sb.length() > MAX_LENGTH ? sb.substring(0, MAX_LENGTH) : sb.toString();
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
