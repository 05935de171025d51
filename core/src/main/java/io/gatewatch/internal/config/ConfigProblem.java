package io.gatewatch.internal.config;

import com.typesafe.config.ConfigOrigin;
import java.util.Objects;

/**
 * One thing wrong with the configuration: where it came from, which setting, and what is wrong
 * with it (usually "expected X, found Y").
 *
 * @param origin {@code file:line} of the offending value, or empty when it has none
 * @param path   the full setting path ({@code gatewatch.metrics.prefix})
 * @param detail what was expected and what was found; never contains a secret
 */
public record ConfigProblem(String origin, String path, String detail) {
    private static final String MERGE = "merge of ";
    private static final java.util.regex.Pattern LINE = java.util.regex.Pattern.compile(":(\\d+)$");

    public ConfigProblem {
        Objects.requireNonNull(origin, "origin");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(detail, "detail");
    }

    public static ConfigProblem at(ConfigOrigin origin, String path, String detail) {
        return new ConfigProblem(render(origin), path, detail);
    }

    /**
     * {@code /etc/gw/application.conf:12}: Typesafe writes {@code "desc: 12"}, we want the
     * compiler style. For a merged object (a missing setting's parent) the first source is the
     * one with the highest priority, usually the user's file.
     */
    static String render(ConfigOrigin origin) {
        if (origin == null || origin.description() == null) {
            return "";
        }
        String description = origin.description();
        if (description.startsWith(MERGE)) {
            int comma = description.indexOf(',');
            description = description.substring(MERGE.length(), comma < 0 ? description.length() : comma);
        }
        return description.replaceFirst(": (\\d+)$", ":$1");
    }

    /** The line of the origin, for ordering; {@code Integer.MAX_VALUE} when unknown. */
    int line() {
        java.util.regex.Matcher m = LINE.matcher(origin);
        return m.find() ? Integer.parseInt(m.group(1)) : Integer.MAX_VALUE;
    }

    /** The origin without its line, for ordering. */
    String source() {
        return LINE.matcher(origin).replaceFirst("");
    }

    /** One line: {@code origin: path: detail}. */
    public String render() {
        return (origin.isEmpty() ? "" : origin + ": ") + path + ": " + detail;
    }
}
