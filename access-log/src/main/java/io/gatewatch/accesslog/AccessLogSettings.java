package io.gatewatch.accesslog;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigOrigin;
import com.typesafe.config.ConfigValue;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * The validated {@code gatewatch.access-log} settings.
 *
 * @param file               the file lines are appended to, or {@code null} for standard output
 * @param sampleRate         share of requests written, 0 to 1
 * @param maxEventsPerSecond the most lines accepted in one second
 * @param queueSize          events waiting for the writer (rounded up to a power of two)
 */
public record AccessLogSettings(Path file, double sampleRate, int maxEventsPerSecond, int queueSize) {

    /** The config path this plugin owns, for error messages. */
    public static final String PATH = "gatewatch.access-log";
    /** The rate cap's counter holds 24 bits per second. */
    static final int MAX_RATE = (1 << 24) - 1;
    static final int MAX_QUEUE = 1 << 20;

    private static final Set<String> KEYS = Set.of("enabled", "output", "sample-rate", "max-events-per-second",
            "queue-size");

    public AccessLogSettings {
        if (!(sampleRate >= 0 && sampleRate <= 1)) {
            throw new IllegalArgumentException("sample-rate must be 0.0 to 1.0, got " + sampleRate);
        }
        if (maxEventsPerSecond < 1 || maxEventsPerSecond > MAX_RATE) {
            throw new IllegalArgumentException("max-events-per-second must be 1 to " + MAX_RATE + ", got " + maxEventsPerSecond);
        }
        if (queueSize < 1 || queueSize > MAX_QUEUE) {
            throw new IllegalArgumentException("queue-size must be 1 to " + MAX_QUEUE + ", got " + queueSize);
        }
    }

    /**
     * Reads and validates the plugin's subtree (defaults from {@code reference.conf} merged in).
     *
     * @throws ConfigException.ValidationFailed listing every problem with its path, file and line
     */
    public static AccessLogSettings from(Config config) {
        List<ConfigException.ValidationProblem> problems = new ArrayList<>();
        for (Map.Entry<String, ConfigValue> e : config.root().entrySet()) {
            if (!KEYS.contains(e.getKey())) {
                problems.add(problem(e.getKey(), e.getValue().origin(), "unknown setting '" + e.getKey()
                        + "'; known settings: " + new TreeSet<>(KEYS)));
            }
        }
        String output = read(config, "output", config::getString, problems);
        if (output != null && output.isBlank()) {
            problems.add(problem("output", config.getValue("output").origin(), "expecting stdout or a file path"));
        }
        Double rate = read(config, "sample-rate", config::getDouble, problems);
        if (rate != null && !(rate >= 0 && rate <= 1)) {
            problems.add(problem("sample-rate", config.getValue("sample-rate").origin(),
                    "expecting 0.0 to 1.0 but got " + rate));
        }
        Integer max = read(config, "max-events-per-second", config::getInt, problems);
        if (max != null && (max < 1 || max > MAX_RATE)) {
            problems.add(problem("max-events-per-second", config.getValue("max-events-per-second").origin(),
                    "expecting 1 to " + MAX_RATE + " but got " + max));
        }
        Integer queue = read(config, "queue-size", config::getInt, problems);
        if (queue != null && (queue < 1 || queue > MAX_QUEUE)) {
            problems.add(problem("queue-size", config.getValue("queue-size").origin(),
                    "expecting 1 to " + MAX_QUEUE + " but got " + queue));
        }
        if (!problems.isEmpty()) {
            throw new ConfigException.ValidationFailed(problems);
        }
        Path file = output.equals("stdout") ? null : Path.of(output);
        return new AccessLogSettings(file, rate, max, queue);
    }

    private static <T> T read(Config config, String key, Function<String, T> getter,
                              List<ConfigException.ValidationProblem> problems) {
        try {
            return getter.apply(key);
        } catch (ConfigException.Missing e) {
            problems.add(new ConfigException.ValidationProblem(PATH + "." + key, config.origin(), "missing setting"));
        } catch (ConfigException e) {
            ConfigOrigin origin = e.origin() != null ? e.origin() : config.origin();
            String message = e.getMessage();
            String where = origin.description() + ": ";
            if (message.startsWith(where)) {
                message = message.substring(where.length());
            }
            problems.add(new ConfigException.ValidationProblem(PATH + "." + key, origin, message));
        }
        return null;
    }

    private static ConfigException.ValidationProblem problem(String key, ConfigOrigin origin, String message) {
        return new ConfigException.ValidationProblem(PATH + "." + key, origin, message);
    }
}
