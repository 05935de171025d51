package io.gatewatch.internal.config;

import com.typesafe.config.ConfigException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns a Typesafe {@link ConfigException} (from parsing, or from a plugin's own typed reads of
 * its subtree) into a {@link ConfigProblem} in the same "path: expected ..., found ..." shape as
 * core's own checks. Plugins read paths relative to their subtree, so relative keys in Typesafe's
 * messages are made absolute.
 */
public final class ConfigErrors {
    private static final Pattern MISSING = Pattern.compile("No configuration setting found for key '(.+)'");
    private static final Pattern WRONG_TYPE = Pattern.compile("(\\S+) has type (\\w+) rather than (\\w+)");
    private static final Pattern NULL = Pattern.compile("Configuration key '(.+)' is set to null but expected (\\w+)");
    private static final Pattern BAD_VALUE = Pattern.compile("Invalid value at '(.+?)': (.*)", Pattern.DOTALL);
    private static final Pattern BAD_PATH = Pattern.compile("Invalid path '(.+?)': (.*)", Pattern.DOTALL);

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
        Worded worded = word(stripOrigin(e), origin);
        return worded.key() == null ? new ConfigProblem(origin, base, worded.detail())
                : new ConfigProblem(origin, join(base, worded.key()), worded.detail());
    }

    /**
     * What {@code e} says is wrong, in the "expected ..., found ..." words of core's own checks,
     * without the origin and the path (a problem names both apart).
     */
    public static String detail(ConfigException e) {
        return word(stripOrigin(e), ConfigProblem.render(e.origin())).detail();
    }

    /** A detail, and the key Typesafe's message named ({@code null} when it named none). */
    private record Worded(String key, String detail) {
    }

    private static Worded word(String message, String origin) {
        Matcher m;
        if ((m = MISSING.matcher(message)).matches()) {
            return new Worded(m.group(1), "expected a value, found nothing (the setting is missing)");
        }
        if ((m = WRONG_TYPE.matcher(message)).matches()) {
            return new Worded(m.group(1), "expected " + lower(m.group(3)) + ", found " + lower(m.group(2)));
        }
        if ((m = NULL.matcher(message)).matches()) {
            // a plugin declares a required setting as "key = null" in its reference.conf
            String found = origin.contains("reference.conf") ? "nothing (the setting is required and has no default)"
                    : "null";
            return new Worded(m.group(1), "expected " + lower(m.group(2)) + ", found " + found);
        }
        if ((m = BAD_VALUE.matcher(message)).matches() || (m = BAD_PATH.matcher(message)).matches()) {
            return new Worded(m.group(1), m.group(2));
        }
        return new Worded(null, message);
    }

    private static String stripOrigin(ConfigException e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        if (e.origin() != null && e.origin().description() != null) {
            String prefix = e.origin().description() + ": ";
            if (message.startsWith(prefix)) {
                return message.substring(prefix.length());
            }
        }
        return message;
    }

    /** Plugins may name a path relative to their subtree or in full; either way the result is full. */
    private static String join(String base, String path) {
        if (base.isEmpty() || path.equals(base) || path.startsWith(base + ".") || path.startsWith("gatewatch.")) {
            return path;
        }
        return base + "." + path;
    }

    private static String lower(String typeName) {
        return typeName.toLowerCase(Locale.ROOT);
    }
}
