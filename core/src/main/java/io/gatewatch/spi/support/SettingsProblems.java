package io.gatewatch.spi.support;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigOrigin;
import com.typesafe.config.ConfigValue;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Collects every problem of a plugin's settings so a user fixes all of them in one go: read each
 * value with a fallback, add what is wrong, and throw once at the end. gatewatch reports the
 * problems one per line, each with the setting's full path and its file and line.
 *
 * <pre>{@code
 * SettingsProblems problems = new SettingsProblems(config, "gatewatch.exporters.audit");
 * problems.rejectUnknown(config.root(), "", Set.of("enabled", "target", "interval"));
 * String target = problems.read("target", () -> config.getString("target"), "");
 * Duration interval = problems.positive("interval",
 *         problems.readRequired("interval", () -> config.getDuration("interval"), Duration.ofSeconds(10)),
 *         Duration.ofSeconds(10));
 * problems.throwIfAny();
 * }</pre>
 *
 * <p>A read that fails returns its fallback, a valid value, so the checks after it pass and each
 * bad setting is reported once. Problems read "expected ..., found ..." for a wrong type and
 * "must be ..., got ..." for a value out of range. One instance reads one subtree on one thread.
 */
public final class SettingsProblems {
    private final Config config;
    private final String path;
    private final List<ConfigException.ValidationProblem> list = new ArrayList<>();

    /**
     * @param config the plugin's subtree
     * @param path   its full path ({@code gatewatch.status}), put in front of every key reported
     */
    public SettingsProblems(Config config, String path) {
        this.config = config;
        this.path = path;
    }

    /** Reports every key of {@code object} that is not in {@code known}; {@code prefix} names nested objects ({@code "auth."}). */
    public void rejectUnknown(ConfigObject object, String prefix, Set<String> known) {
        for (Map.Entry<String, ConfigValue> entry : object.entrySet()) {
            if (!known.contains(entry.getKey())) {
                add(prefix + entry.getKey(), "unknown setting (known: " + String.join(", ", known.stream().sorted().toList())
                        + ")", entry.getValue().origin());
            }
        }
    }

    /**
     * The value, or {@code fallback} when it is missing or null (for settings that may be left
     * out) or of the wrong type (which is reported).
     */
    public <T> T read(String key, Supplier<T> getter, T fallback) {
        return get(key, getter, fallback, false);
    }

    /**
     * Like {@link #read}, for a setting that must have a value: missing or null is reported too.
     * A setting the plugin's {@code reference.conf} declares is missing only when the user set it
     * to null or that {@code reference.conf} is not on the classpath; either way start-up must stop.
     */
    public <T> T readRequired(String key, Supplier<T> getter, T fallback) {
        return get(key, getter, fallback, true);
    }

    private <T> T get(String key, Supplier<T> getter, T fallback, boolean required) {
        try {
            return getter.get();
        } catch (ConfigException e) {
            if (required || !(e instanceof ConfigException.Missing)) {
                // worded as core words its own, expected and found; only unparsable durations and
                // sizes echo the value, never a string read, so a secret stays out
                add(key, ConfigExceptionText.detail(e), e.origin() == null ? origin(key) : e.origin());
            }
            return fallback;
        }
    }

    /**
     * {@code value} when it is a positive duration; otherwise the problem is added ("must be
     * positive, got ...") and {@code fallback} is returned, so later checks see a valid value.
     */
    public Duration positive(String key, Duration value, Duration fallback) {
        if (value.isNegative() || value.isZero()) {
            add(key, "must be positive, got " + asWritten(key, value));
            return fallback;
        }
        return value;
    }

    /**
     * {@code value} when {@code min <= value <= max} (ports, sizes, counts); otherwise the problem
     * is added ("must be between 1 and 65535, got 70000") and {@code fallback} is returned.
     *
     * <pre>{@code
     * int port = problems.between("port", problems.readRequired("port", () -> config.getInt("port"), 2003),
     *         1, 65535, 2003);
     * }</pre>
     */
    public int between(String key, int value, int min, int max, int fallback) {
        if (value < min || value > max) {
            add(key, "must be between " + min + " and " + max + ", got " + value);
            return fallback;
        }
        return value;
    }

    /**
     * {@code value} when {@code min <= value <= max}; otherwise the problem is added, with the
     * bounds and the value as the user wrote them ("must be between 100ms and 1m, got 2h"), and
     * {@code fallback} is returned.
     */
    public Duration between(String key, Duration value, Duration min, Duration max, Duration fallback) {
        if (value.compareTo(min) < 0 || value.compareTo(max) > 0) {
            add(key, "must be between " + human(min) + " and " + human(max) + ", got " + asWritten(key, value));
            return fallback;
        }
        return value;
    }

    /** The setting as the user wrote it ({@code -1s}, not {@code PT-1S}), else {@code value} in those words. */
    private String asWritten(String key, Duration value) {
        try {
            Object written = config.getValue(key).unwrapped();
            if (written instanceof String || written instanceof Number) {
                return String.valueOf(written);
            }
        } catch (ConfigException e) {
            // not in the config (a computed value): say it in the user's words
        }
        return human(value);
    }

    /** {@code 250ms}, {@code 10s}, {@code 5m}, {@code 2h}, {@code 1d}: the units HOCON reads. */
    static String human(Duration d) {
        long millis = d.toMillis();
        if (d.toNanos() % 1_000_000 != 0) {
            return d.toNanos() + "ns";
        }
        long[] units = {86_400_000L, 3_600_000L, 60_000L, 1000L};
        String[] names = {"d", "h", "m", "s"};
        for (int i = 0; i < units.length; i++) {
            if (millis != 0 && millis % units[i] == 0) {
                return millis / units[i] + names[i];
            }
        }
        return millis + "ms";
    }

    /** A problem with {@code key}, at the origin of its value (or of the subtree when it has none). */
    public void add(String key, String problem) {
        add(key, problem, origin(key));
    }

    /** A problem with {@code key} at {@code origin}: for entries of a nested object, which carry their own. */
    public void add(String key, String problem, ConfigOrigin origin) {
        list.add(new ConfigException.ValidationProblem(path + "." + key, origin, problem));
    }

    private ConfigOrigin origin(String key) {
        try {
            return config.getValue(key).origin();
        } catch (ConfigException.Null e) {
            return e.origin();   // the line that set it to null
        } catch (ConfigException e) {
            return config.origin();
        }
    }

    /** @throws ConfigException.ValidationFailed listing every problem added, if any */
    public void throwIfAny() {
        if (!list.isEmpty()) {
            throw new ConfigException.ValidationFailed(list);
        }
    }
}
