package io.gatewatch.exporter.prometheus;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigOrigin;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * The settings under {@code gatewatch.exporters.prometheus}, validated.
 *
 * <pre>{@code
 * gatewatch.exporters.prometheus {
 *   enabled = true
 *   path = "/metrics"
 *   port = 9464                      # optional: unset serves /metrics on the status listener
 *   host = "0.0.0.0"                 # for the own port only
 *   include-default-registry = false # also expose simpleclient's CollectorRegistry.defaultRegistry
 * }
 * }</pre>
 *
 * @param port empty to serve on the status listener; 0 picks a free port (tests)
 */
public record PrometheusSettings(boolean enabled, String path, OptionalInt port, String host,
                                 boolean includeDefaultRegistry) {
    static final Set<String> KEYS = Set.of("enabled", "path", "port", "host", "include-default-registry");

    public PrometheusSettings {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(port, "port");
        Objects.requireNonNull(host, "host");
    }

    /** The defaults of {@code reference.conf}. */
    public static PrometheusSettings defaults() {
        return new PrometheusSettings(true, "/metrics", OptionalInt.empty(), "0.0.0.0", false);
    }

    /**
     * Reads and validates the subtree. Every wrong type and bad value is collected, so one
     * start-up names them all; unknown keys are rejected too (when the values are otherwise fine,
     * since core reports unknown keys itself in the same report).
     *
     * @param config   the subtree, reference defaults merged in
     * @param basePath where the subtree lives ({@code gatewatch.exporters.prometheus}), for messages
     * @throws ConfigException.BadValue for a single problem (its origin and key relative to the
     *                                  subtree), {@link ConfigException.ValidationFailed} naming each
     *                                  setting's full path, file and line when there are several
     */
    public static PrometheusSettings from(Config config, String basePath) {
        List<ConfigException.ValidationProblem> unknown = new ArrayList<>();
        for (String key : new TreeSet<>(config.root().keySet())) {
            if (!KEYS.contains(key)) {
                unknown.add(new ConfigException.ValidationProblem(basePath + "." + key,
                        config.root().get(key).origin(),
                        "unknown setting '" + key + "'; known settings are " + new TreeSet<>(KEYS)));
            }
        }
        List<ConfigException.ValidationProblem> problems = new ArrayList<>();
        PrometheusSettings d = defaults();
        Reader r = new Reader(config, basePath, problems);
        boolean enabled = r.read("enabled", config::getBoolean, d.enabled());
        String path = r.read("path", config::getString, d.path());
        if (!path.startsWith("/") || path.contains("?") || path.contains("#") || path.chars().anyMatch(Character::isWhitespace)) {
            r.problem("path", "must be an absolute URL path such as \"/metrics\" (no query, no spaces), got \"" + path + "\"");
        }
        OptionalInt port = OptionalInt.empty();
        if (config.hasPath("port")) {
            int p = r.read("port", config::getInt, 0);
            if (p < 0 || p > 65535) {
                r.problem("port", "must be between 0 and 65535 (or unset to serve on the status listener), got " + p);
            }
            port = OptionalInt.of(p);
        }
        String host = r.read("host", config::getString, d.host());
        if (host.isBlank()) {
            r.problem("host", "must not be empty");
        }
        boolean includeDefault = r.read("include-default-registry", config::getBoolean, d.includeDefaultRegistry());
        if (problems.isEmpty()) {
            // Unknown keys are reported only when the values are fine: core's own unknown-key
            // check names them in the same report, and repeating them next to value problems
            // would list every typo twice.
            problems = unknown;
        }
        if (problems.size() == 1) {
            // one problem (the usual typo) as BadValue: core reads its origin and relative key
            ConfigException.ValidationProblem p = problems.get(0);
            throw new ConfigException.BadValue(p.origin(), p.path().substring(basePath.length() + 1), p.problem());
        }
        if (!problems.isEmpty()) {
            throw new ConfigException.ValidationFailed(problems);
        }
        return new PrometheusSettings(enabled, path, port, host, includeDefault);
    }

    /** Typed reads that turn each failure into a problem instead of stopping at the first. */
    private record Reader(Config config, String basePath, List<ConfigException.ValidationProblem> problems) {
        <T> T read(String key, Function<String, T> getter, T fallback) {
            if (!config.hasPath(key)) {
                return fallback;
            }
            try {
                return getter.apply(key);
            } catch (ConfigException e) {
                problems.add(new ConfigException.ValidationProblem(basePath + "." + key, origin(key), e.getMessage()));
                return fallback;
            }
        }

        void problem(String key, String message) {
            problems.add(new ConfigException.ValidationProblem(basePath + "." + key, origin(key), message));
        }

        private ConfigOrigin origin(String key) {
            return config.hasPath(key) ? config.getValue(key).origin() : config.origin();
        }
    }
}
