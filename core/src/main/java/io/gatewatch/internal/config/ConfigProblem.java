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
    public ConfigProblem {
        Objects.requireNonNull(origin, "origin");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(detail, "detail");
    }

    public static ConfigProblem at(ConfigOrigin origin, String path, String detail) {
        return new ConfigProblem(render(origin), path, detail);
    }

    /** {@code /etc/gw/application.conf:12}; Typesafe writes {@code "desc: 12"}, we want the compiler style. */
    static String render(ConfigOrigin origin) {
        if (origin == null) {
            return "";
        }
        String description = origin.description();
        return description == null ? "" : description.replaceFirst(": (\\d+)$", ":$1");
    }

    /** One line: {@code origin: path: detail}. */
    public String render() {
        return (origin.isEmpty() ? "" : origin + ": ") + path + ": " + detail;
    }
}
