package io.gatewatch.vitals;

import com.typesafe.config.Config;
import io.gatewatch.spi.support.SettingsProblems;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;

/**
 * The validated {@code gatewatch.vitals.postgres} settings: where the shared store lives and how
 * much a node may hold back while it is unreachable.
 *
 * <pre>{@code
 * gatewatch.vitals {
 *   store = postgres
 *   postgres { url = "jdbc:postgresql://db:5432/gatewatch", user = "gatewatch" }   # password from GATEWATCH_VITALS_POSTGRES_PASSWORD
 * }
 * }</pre>
 *
 * @param url             a {@code jdbc:postgresql://} URL without credentials in it
 * @param user            the database role
 * @param password        masked in {@link #toString()}, logs and {@code /status}
 * @param poolSize        connections each node keeps, at least 2 (Flyway holds two while it migrates; the
 *                        writer and the API's reads share them)
 * @param batchSize       points written per transaction
 * @param bufferSize      points a node holds while the database is slow or down; older ones fall out, counted
 * @param connectTimeout  how long one connection attempt may take (also the longest an API read waits for a connection)
 * @param cleanupInterval how often a node tries to take the retention lock and delete expired points
 * @param cleanupBatch    rows one delete statement removes at most
 */
public record PostgresSettings(String url, String user, Password password, int poolSize, int batchSize, int bufferSize,
                               Duration connectTimeout, Duration cleanupInterval, int cleanupBatch) {

    public static final String PATH = VitalsSettings.PATH + ".postgres";
    private static final Set<String> KEYS = Set.of("url", "user", "password", "pool-size", "batch-size", "buffer-size",
            "connect-timeout", "cleanup-interval", "cleanup-batch");

    public PostgresSettings {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(password, "password");
    }

    /** Settings for tests and embedding: the defaults of {@code reference.conf} for everything else. */
    public static PostgresSettings of(String url, String user, String password) {
        return new PostgresSettings(url, user, new Password(password), 2, 500, 10_000, Duration.ofSeconds(5),
                Duration.ofMinutes(1), 10_000);
    }

    @Override
    public String toString() {
        return "PostgresSettings[url=" + url + ", user=" + user + ", password=" + password + ", pool-size=" + poolSize
                + ", batch-size=" + batchSize + ", buffer-size=" + bufferSize + ", connect-timeout=" + connectTimeout
                + ", cleanup-interval=" + cleanupInterval + ", cleanup-batch=" + cleanupBatch + "]";
    }

    /** A password that never prints itself. */
    public static final class Password {
        private final String value;

        public Password(String value) {
            this.value = Objects.requireNonNull(value);
        }

        /** The password itself: for the connection pool and nothing else. */
        public String reveal() {
            return value;
        }

        /** Removes the password from a text (a driver's error message) before it is shown anywhere. */
        public String scrub(String text) {
            return text == null || value.isEmpty() ? text : text.replace(value, toString());
        }

        @Override
        public String toString() {
            return value.isEmpty() ? "(none)" : "****";
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Password p && p.value.equals(value);
        }

        @Override
        public int hashCode() {
            return value.hashCode();
        }
    }

    /** Reads and checks the subtree; problems go to {@code problems}, which the caller throws. */
    static PostgresSettings from(Config config, SettingsProblems problems, String prefix) {
        problems.rejectUnknown(config.root(), prefix, KEYS);
        PostgresSettings d = of("", "", "");
        String url = problems.readRequired(prefix + "url", () -> config.getString("url"), "");
        if (url.isBlank()) {
            problems.add(prefix + "url", "required when gatewatch.vitals.store = postgres, e.g. "
                    + "jdbc:postgresql://db.example:5432/gatewatch");
        } else if (!url.startsWith("jdbc:postgresql://")) {
            problems.add(prefix + "url", "must start with jdbc:postgresql://, got '" + clip(url) + "'");
        } else if (url.toLowerCase(java.util.Locale.ROOT).contains("password=")) {
            // the URL is shown in errors and /status: a password in it would leak
            problems.add(prefix + "url", "must not carry a password; set " + PATH + ".password "
                    + "(or GATEWATCH_VITALS_POSTGRES_PASSWORD) instead");
            url = "";
        }
        String user = problems.readRequired(prefix + "user", () -> config.getString("user"), "");
        if (user.isBlank()) {
            problems.add(prefix + "user", "required when gatewatch.vitals.store = postgres");
        }
        String password = problems.read(prefix + "password", () -> config.getString("password"), "");
        int pool = problems.between(prefix + "pool-size",
                problems.readRequired(prefix + "pool-size", () -> config.getInt("pool-size"), d.poolSize()), 2, 64, d.poolSize());
        int batch = problems.between(prefix + "batch-size",
                problems.readRequired(prefix + "batch-size", () -> config.getInt("batch-size"), d.batchSize()), 1, 10_000,
                d.batchSize());
        int buffer = problems.between(prefix + "buffer-size",
                problems.readRequired(prefix + "buffer-size", () -> config.getInt("buffer-size"), d.bufferSize()), 1,
                1_000_000, d.bufferSize());
        Duration connect = problems.between(prefix + "connect-timeout",
                problems.readRequired(prefix + "connect-timeout", () -> config.getDuration("connect-timeout"),
                        d.connectTimeout()), Duration.ofMillis(250), Duration.ofMinutes(1), d.connectTimeout());
        Duration cleanup = problems.between(prefix + "cleanup-interval",
                problems.readRequired(prefix + "cleanup-interval", () -> config.getDuration("cleanup-interval"),
                        d.cleanupInterval()), Duration.ofSeconds(1), Duration.ofDays(1), d.cleanupInterval());
        int cleanupBatch = problems.between(prefix + "cleanup-batch",
                problems.readRequired(prefix + "cleanup-batch", () -> config.getInt("cleanup-batch"), d.cleanupBatch()), 1,
                1_000_000, d.cleanupBatch());
        return new PostgresSettings(url, user, new Password(password), pool, batch, buffer, connect, cleanup, cleanupBatch);
    }

    private static String clip(String s) {
        return s.length() <= 64 ? s : s.substring(0, 64) + "...";
    }
}
