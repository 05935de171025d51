package io.gatewatch.internal.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigList;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigUtil;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * Typed reads of one config subtree that never throw: each bad value adds a {@link ConfigProblem}
 * (full path, expected, found, file:line) and the read returns the fallback, so one pass reports
 * every problem at once.
 */
public final class SettingsReader {
    private static final Pattern SECRET = ConfigSecrets.SECRET_NAME;
    private static final int MAX_FOUND_CHARS = 60;

    private final Config config;
    private final String prefix;
    private final List<ConfigProblem> problems;

    /**
     * @param config   the subtree to read
     * @param prefix   its full path ({@code gatewatch}), used in messages
     * @param problems where problems are collected
     */
    public SettingsReader(Config config, String prefix, List<ConfigProblem> problems) {
        this.config = config;
        this.prefix = prefix;
        this.problems = problems;
    }

    public String fullPath(String path) {
        return prefix.isEmpty() ? path : prefix + "." + path;
    }

    public boolean bool(String path, boolean fallback) {
        if (!present(path, "a boolean (true or false)")) {
            return fallback;
        }
        try {
            return config.getBoolean(path);
        } catch (ConfigException e) {
            return wrong(path, "a boolean (true or false)", fallback);
        }
    }

    /** A string matching {@code valid}; {@code expected} describes it for the message. */
    public String string(String path, String expected, Predicate<String> valid, String fallback) {
        if (!present(path, expected)) {
            return fallback;
        }
        ConfigValue value = config.getValue(path);
        if (value.valueType() == ConfigValueType.OBJECT || value.valueType() == ConfigValueType.LIST) {
            return wrong(path, expected, fallback);
        }
        String s = String.valueOf(value.unwrapped());
        return valid.test(s) ? s : wrong(path, expected, fallback);
    }

    /** Like {@link #string} but a missing or {@code null} value is allowed and gives {@code null}. */
    public String optionalString(String path, String expected, Predicate<String> valid) {
        if (!config.hasPath(path)) {
            return null;
        }
        return string(path, expected, valid, null);
    }

    public int intAtLeast(String path, int min, int fallback) {
        String expected = "an integer of at least " + min;
        if (!present(path, expected)) {
            return fallback;
        }
        try {
            int value = config.getInt(path);
            return value >= min ? value : wrong(path, expected, fallback);
        } catch (ConfigException e) {
            return wrong(path, expected, fallback);
        }
    }

    public Duration duration(String path, Duration min, Duration fallback) {
        String expected = "a duration of at least " + human(min) + " (like 250ms, 5s, 1m)";
        if (!present(path, expected)) {
            return fallback;
        }
        try {
            Duration d = config.getDuration(path);
            return d.compareTo(min) >= 0 ? d : wrong(path, expected, fallback);
        } catch (ConfigException e) {
            return wrong(path, expected, fallback);
        }
    }

    /** A non-empty list of positive, strictly increasing durations. */
    public List<Duration> increasingDurations(String path, List<Duration> fallback) {
        String expected = "a non-empty list of positive, strictly increasing durations (like [5ms, 10ms, 1s])";
        if (!present(path, expected)) {
            return fallback;
        }
        try {
            List<Duration> list = config.getDurationList(path);
            for (int i = 0; i < list.size(); i++) {
                if (list.get(i).isNegative() || list.get(i).isZero()
                        || (i > 0 && list.get(i).compareTo(list.get(i - 1)) <= 0)) {
                    return wrong(path, expected, fallback);
                }
            }
            return list.isEmpty() ? wrong(path, expected, fallback) : List.copyOf(list);
        } catch (ConfigException e) {
            return wrong(path, expected, fallback);
        }
    }

    /** An object whose keys match {@code keyPattern} and whose values are non-empty strings. */
    public Map<String, String> stringMap(String path, Pattern keyPattern) {
        String expected = "an object of name = \"value\" pairs";
        if (!present(path, expected)) {
            return Map.of();
        }
        ConfigValue value = config.getValue(path);
        if (!(value instanceof ConfigObject object)) {
            return wrong(path, expected, Map.of());
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (Map.Entry<String, ConfigValue> e : object.entrySet()) {
            String entryPath = fullPath(path) + "." + ConfigUtil.joinPath(e.getKey());
            ConfigValue v = e.getValue();
            if (!keyPattern.matcher(e.getKey()).matches()) {
                add(v, entryPath, "a name matching " + keyPattern.pattern() + ", found \"" + e.getKey() + "\"");
            } else if (v.valueType() == ConfigValueType.OBJECT || v.valueType() == ConfigValueType.LIST
                    || v.valueType() == ConfigValueType.NULL || String.valueOf(v.unwrapped()).isEmpty()) {
                add(v, entryPath, "a non-empty string, found " + found(e.getKey(), v));
            } else {
                out.put(e.getKey(), String.valueOf(v.unwrapped()));
            }
        }
        return Map.copyOf(out);
    }

    /** An object whose values are integers of at least {@code min}; any key (quote those with dots or colons). */
    public Map<String, Integer> intMap(String path, int min) {
        String expected = "an object of name = integer pairs";
        if (!present(path, expected)) {
            return Map.of();
        }
        ConfigValue value = config.getValue(path);
        if (!(value instanceof ConfigObject object)) {
            return wrong(path, expected, Map.of());
        }
        Map<String, Integer> out = new LinkedHashMap<>();
        for (Map.Entry<String, ConfigValue> e : object.entrySet()) {
            ConfigValue v = e.getValue();
            if (v.valueType() == ConfigValueType.NUMBER && v.unwrapped() instanceof Integer i && i >= min) {
                out.put(e.getKey(), i);
            } else {
                add(v, fullPath(path) + "." + ConfigUtil.joinPath(e.getKey()),
                        "an integer of at least " + min + ", found " + found(e.getKey(), v));
            }
        }
        return Map.copyOf(out);
    }

    /**
     * Either the word {@code word} (gives {@code null}) or a list of non-empty strings.
     */
    public List<String> wordOrStringList(String path, String word, List<String> fallback) {
        String expected = "\"" + word + "\" or a list of names";
        if (!present(path, expected)) {
            return fallback;
        }
        ConfigValue value = config.getValue(path);
        if (value.valueType() == ConfigValueType.STRING && word.equals(value.unwrapped())) {
            return null;
        }
        if (!(value instanceof ConfigList list)) {
            return wrong(path, expected, fallback);
        }
        List<String> out = new ArrayList<>();
        for (ConfigValue item : list) {
            if (item.valueType() != ConfigValueType.STRING || ((String) item.unwrapped()).isEmpty()) {
                return wrong(path, expected, fallback);
            }
            out.add((String) item.unwrapped());
        }
        return List.copyOf(out);
    }

    /** Records a problem with the value at {@code path}: {@code expected ..., found ...}. */
    public <T> T wrong(String path, String expected, T fallback) {
        ConfigValue value = valueOrNull(path);
        problems.add(ConfigProblem.at(value == null ? config.origin() : value.origin(), fullPath(path),
                "expected " + expected + ", found " + (value == null ? "nothing" : found(lastKey(path), value))));
        return fallback;
    }

    /** The value, including an explicit {@code null} (which getValue refuses), or {@code null} when absent. */
    private ConfigValue valueOrNull(String path) {
        ConfigValue current = config.root();
        for (String key : ConfigUtil.splitPath(path)) {
            if (!(current instanceof ConfigObject object) || (current = object.get(key)) == null) {
                return null;
            }
        }
        return current;
    }

    private boolean present(String path, String expected) {
        if (config.hasPath(path)) {
            return true;
        }
        if (underNonObject(path)) {
            return false;   // the unknown-key check already reports the parent that is not an object
        }
        if (config.hasPathOrNull(path)) {
            wrong(path, expected, null);
        } else {
            problems.add(new ConfigProblem(ConfigProblem.render(config.origin()), fullPath(path),
                    "expected " + expected + ", found nothing (the setting is missing)"));
        }
        return false;
    }

    private boolean underNonObject(String path) {
        ConfigValue current = config.root();
        for (String key : ConfigUtil.splitPath(path)) {
            if (!(current instanceof ConfigObject object)) {
                return true;
            }
            current = object.get(key);
            if (current == null) {
                return false;
            }
        }
        return false;
    }

    private void add(ConfigValue value, String path, String detail) {
        problems.add(ConfigProblem.at(value.origin(), path, "expected " + detail));
    }

    /** How a found value reads in a message; values of secret-looking keys are masked. */
    static String found(String key, ConfigValue value) {
        String type = value.valueType().name().toLowerCase(Locale.ROOT);
        if (value.valueType() == ConfigValueType.NULL) {
            return "null";
        }
        if (SECRET.matcher(key).matches()) {
            return type + " (value hidden)";
        }
        String rendered = value.valueType() == ConfigValueType.STRING
                ? "\"" + value.unwrapped() + "\""
                : value.render(com.typesafe.config.ConfigRenderOptions.concise());
        if (rendered.length() > MAX_FOUND_CHARS) {
            rendered = rendered.substring(0, MAX_FOUND_CHARS) + "...";
        }
        return type + " " + rendered;
    }

    private static String lastKey(String path) {
        int dot = path.lastIndexOf('.');
        return dot < 0 ? path : path.substring(dot + 1);
    }

    private static String human(Duration d) {
        return d.isZero() ? "0s" : d.toMillis() % 1000 == 0 ? d.toSeconds() + "s" : d.toMillis() + "ms";
    }
}
