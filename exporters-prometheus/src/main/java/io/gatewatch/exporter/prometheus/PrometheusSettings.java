package io.gatewatch.exporter.prometheus;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import io.gatewatch.spi.support.SettingsProblems;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * The settings under {@code gatewatch.exporters.prometheus}, validated.
 *
 * <pre>{@code
 * gatewatch.exporters.prometheus {
 *   enabled = true
 *   path = "/metrics"
 *   port = 9464                      # optional: unset serves /metrics on the status listener
 *   host = "127.0.0.1"               # for the own port only; unset: gatewatch.status.host
 *   auth = status                    # for the own port only: status (gatewatch.status.auth) or none
 *   include-default-registry = false # also expose simpleclient's CollectorRegistry.defaultRegistry
 * }
 * }</pre>
 *
 * @param port empty to serve on the status listener; 0 picks a free port (tests)
 * @param host the own port's interface; empty for the status listener's
 * @param auth who may scrape the own port
 */
public record PrometheusSettings(boolean enabled, String path, OptionalInt port, Optional<String> host, Auth auth,
                                 boolean includeDefaultRegistry) {
    static final Set<String> KEYS = Set.of("enabled", "path", "port", "host", "auth", "include-default-registry");

    /** Who may scrape the own port. */
    public enum Auth {
        /** The status listener's credentials ({@code gatewatch.status.auth}), when it has any. */
        STATUS,
        /** Anyone who can reach the port: only on purpose, e.g. on an interface only Prometheus reaches. */
        NONE
    }

    public PrometheusSettings {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(port, "port");
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(auth, "auth");
    }

    /** The defaults of {@code reference.conf}. */
    public static PrometheusSettings defaults() {
        return new PrometheusSettings(true, "/metrics", OptionalInt.empty(), Optional.empty(), Auth.STATUS, false);
    }

    /**
     * Reads and validates the subtree. Every unknown key, wrong type and bad value is collected,
     * so one start-up names them all. (Core's own unknown-key check names a typo too; its report
     * keeps one problem per setting.)
     *
     * @param config   the subtree, reference defaults merged in
     * @param basePath where the subtree lives ({@code gatewatch.exporters.prometheus}), for messages
     * @throws ConfigException.ValidationFailed naming each setting's full path, file and line
     */
    public static PrometheusSettings from(Config config, String basePath) {
        SettingsProblems problems = new SettingsProblems(config, basePath);
        problems.rejectUnknown(config.root(), "", KEYS);
        PrometheusSettings d = defaults();
        boolean enabled = problems.read("enabled", () -> config.getBoolean("enabled"), d.enabled());
        String path = problems.read("path", () -> config.getString("path"), d.path());
        if (!path.startsWith("/") || path.contains("?") || path.contains("#") || path.chars().anyMatch(Character::isWhitespace)) {
            problems.add("path", "must be an absolute URL path such as \"/metrics\" (no query, no spaces), got \"" + path + "\"");
        }
        OptionalInt port = OptionalInt.empty();
        if (config.hasPath("port")) {
            int p = problems.read("port", () -> config.getInt("port"), 0);
            if (p < 0 || p > 65535) {
                problems.add("port", "must be between 0 and 65535 (or unset to serve on the status listener), got " + p);
            }
            port = OptionalInt.of(p);
        }
        Optional<String> host = Optional.empty();
        if (config.hasPath("host")) {
            String h = problems.read("host", () -> config.getString("host"), "");
            if (h.isBlank()) {
                problems.add("host", "must not be empty (unset it to bind the status listener's host)");
            }
            host = Optional.of(h);
        }
        Auth auth = d.auth();
        String authName = problems.read("auth", () -> config.hasPath("auth") ? config.getString("auth") : "status",
                "status");
        switch (authName) {
            case "status" -> auth = Auth.STATUS;
            case "none" -> auth = Auth.NONE;
            default -> problems.add("auth", "must be \"status\" (the status listener's credentials) or \"none\", got \""
                    + authName + "\"");
        }
        boolean includeDefault = problems.read("include-default-registry",
                () -> config.getBoolean("include-default-registry"), d.includeDefaultRegistry());
        problems.throwIfAny();
        return new PrometheusSettings(enabled, path, port, host, auth, includeDefault);
    }
}
