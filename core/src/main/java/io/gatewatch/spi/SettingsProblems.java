package io.gatewatch.spi;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigOrigin;
import com.typesafe.config.ConfigValue;
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
 * Duration interval = problems.read("interval", () -> config.getDuration("interval"), Duration.ofSeconds(10));
 * if (interval.isNegative()) {
 *     problems.add("interval", "must be positive, got " + interval);
 * }
 * problems.throwIfAny();
 * }</pre>
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

    /** The value, or {@code fallback} when it is missing or of the wrong type (which is reported). */
    public <T> T read(String key, Supplier<T> getter, T fallback) {
        try {
            return getter.get();
        } catch (ConfigException.Missing e) {
            return fallback;
        } catch (ConfigException e) {
            // Typesafe's own message names the path, the expected type and the origin, never the value
            add(key, describe(e), e.origin());
            return fallback;
        }
    }

    private static String describe(ConfigException e) {
        String message = e.getMessage();
        String origin = e.origin() == null ? null : e.origin().description() + ": ";
        return origin != null && message.startsWith(origin) ? message.substring(origin.length()) : message;
    }

    /** A problem with {@code key}, at the origin of its value (or of the subtree when it has none). */
    public void add(String key, String problem) {
        add(key, problem, config.hasPathOrNull(key) ? config.getValue(key).origin() : config.origin());
    }

    public void add(String key, String problem, ConfigOrigin origin) {
        list.add(new ConfigException.ValidationProblem(path + "." + key, origin, problem));
    }

    /** @throws ConfigException.ValidationFailed listing every problem added, if any */
    public void throwIfAny() {
        if (!list.isEmpty()) {
            throw new ConfigException.ValidationFailed(list);
        }
    }
}
