package io.gatewatch.accesslog;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import io.gatewatch.spi.support.SettingsProblems;
import java.nio.file.Path;
import java.util.Set;

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
    private static final String STDOUT = "stdout";

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
        SettingsProblems problems = new SettingsProblems(config, PATH);
        problems.rejectUnknown(config.root(), "", KEYS);
        String output = problems.readRequired("output", () -> config.getString("output"), STDOUT);
        if (output.isBlank()) {
            problems.add("output", "must be " + STDOUT + " or a file path, got \"" + output + "\"");
        }
        double rate = problems.readRequired("sample-rate", () -> config.getDouble("sample-rate"), 1.0);
        if (!(rate >= 0 && rate <= 1)) {
            problems.add("sample-rate", "must be between 0.0 and 1.0, got " + rate);
        }
        int max = problems.readRequired("max-events-per-second", () -> config.getInt("max-events-per-second"), 1000);
        if (max < 1 || max > MAX_RATE) {
            problems.add("max-events-per-second", "must be between 1 and " + MAX_RATE + ", got " + max);
        }
        int queue = problems.readRequired("queue-size", () -> config.getInt("queue-size"), 8192);
        if (queue < 1 || queue > MAX_QUEUE) {
            problems.add("queue-size", "must be between 1 and " + MAX_QUEUE + ", got " + queue);
        }
        problems.throwIfAny();
        return new AccessLogSettings(output.equals(STDOUT) ? null : Path.of(output), rate, max, queue);
    }
}
