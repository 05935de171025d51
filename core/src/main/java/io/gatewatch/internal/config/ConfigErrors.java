package io.gatewatch.internal.config;

import com.typesafe.config.ConfigException;
import io.gatewatch.spi.support.ConfigExceptionText;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns a Typesafe {@link ConfigException} (from parsing, or from a plugin's own typed reads of
 * its subtree) into a {@link ConfigProblem} in the same "path: expected ..., found ..." shape as
 * core's own checks. Plugins read paths relative to their subtree, so relative keys in Typesafe's
 * messages are made absolute.
 */
public final class ConfigErrors {

    private ConfigErrors() {
    }

    /**
     * Every problem an exception carries: a plugin that checks all of its settings before
     * throwing reports them as one {@link ConfigException.ValidationFailed}, shown one per line.
     */
    public static List<ConfigProblem> toProblems(String base, ConfigException e) {
        List<ConfigProblem> out = new ArrayList<>();
        if (e instanceof ConfigException.ValidationFailed failed) {
            for (ConfigException.ValidationProblem p : failed.problems()) {
                out.add(new ConfigProblem(ConfigProblem.render(p.origin()), join(base, p.path()), p.problem()));
            }
        }
        return out.isEmpty() ? List.of(toProblem(base, e)) : out;
    }

    /**
     * @param base the full path of the subtree the failing code read ({@code gatewatch.exporters.statsd})
     */
    public static ConfigProblem toProblem(String base, ConfigException e) {
        String origin = ConfigProblem.render(e.origin());
        String key = ConfigExceptionText.key(e);
        String detail = ConfigExceptionText.detail(e);
        return key == null ? new ConfigProblem(origin, base, detail) : new ConfigProblem(origin, join(base, key), detail);
    }

    /** Plugins may name a path relative to their subtree or in full; either way the result is full. */
    private static String join(String base, String path) {
        if (base.isEmpty() || path.equals(base) || path.startsWith(base + ".") || path.startsWith("gatewatch.")) {
            return path;
        }
        return base + "." + path;
    }
}
