package io.gatewatch.vitals;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import io.gatewatch.spi.support.SettingsProblems;
import java.time.Duration;
import java.util.Set;

/**
 * The validated {@code gatewatch.vitals} settings.
 *
 * <pre>{@code
 * VitalsSettings settings = VitalsSettings.from(config.getConfig("gatewatch.vitals"));
 * int slots = settings.fineSlots();   // 3600 by default
 * }</pre>
 *
 * <p>{@link #from(Config)} rejects unknown keys, wrong types and out-of-range values, reporting
 * every problem at once with its path and the file and line it came from.
 *
 * @param enabled         whether the plugin samples and serves anything
 * @param fineRetention   how long 1-second points are kept
 * @param coarseRetention how long 1-minute points are kept
 * @param topN            services, routes and consumers kept per point
 * @param postgres        the shared store ({@code store = postgres}), or null for the in-memory store alone
 */
public record VitalsSettings(boolean enabled, Duration fineRetention, Duration coarseRetention, int topN,
                             PostgresSettings postgres) {

    /** The config path this record is read from; used in error messages. */
    public static final String PATH = "gatewatch.vitals";
    public static final int MAX_TOP_N = 1000;
    /** Bounds that keep the preallocated buffers within reason (86,400 and 131,040 slots). */
    static final Duration MAX_FINE_RETENTION = Duration.ofDays(1);
    static final Duration MAX_COARSE_RETENTION = Duration.ofDays(91);

    private static final Set<String> KEYS = Set.of("enabled", "fine-retention", "coarse-retention", "top-n", "store",
            "postgres");

    public VitalsSettings {
        if (fineRetention.isNegative() || fineRetention.isZero() || coarseRetention.isNegative()
                || coarseRetention.isZero()) {
            throw new IllegalArgumentException("retentions must be positive");
        }
        if (topN < 1 || topN > MAX_TOP_N) {
            throw new IllegalArgumentException("topN must be between 1 and " + MAX_TOP_N + ": " + topN);
        }
    }

    /** Settings of the in-memory store alone. */
    public VitalsSettings(boolean enabled, Duration fineRetention, Duration coarseRetention, int topN) {
        this(enabled, fineRetention, coarseRetention, topN, null);
    }

    /** Whether points also go to a store every node shares (so the API answers for the cluster by default). */
    public boolean shared() {
        return postgres != null;
    }

    /** A copy that writes to and reads from PostgreSQL. */
    public VitalsSettings withPostgres(PostgresSettings store) {
        return new VitalsSettings(enabled, fineRetention, coarseRetention, topN, store);
    }

    /** The defaults of {@code reference.conf}: 1 h of 1 s points, 25 h of 1 min points, top 20. */
    public static VitalsSettings defaults() {
        return new VitalsSettings(true, Duration.ofHours(1), Duration.ofHours(25), 20);
    }

    /** Slots of the 1-second ring: the fine retention rounded up to whole seconds. */
    public int fineSlots() {
        return (int) ceilDiv(fineRetention.toMillis(), 1_000);
    }

    /** Slots of the 1-minute ring: the coarse retention rounded up to whole minutes. */
    public int coarseSlots() {
        return (int) ceilDiv(coarseRetention.toMillis(), 60_000);
    }

    private static long ceilDiv(long a, long b) {
        return -Math.floorDiv(-a, b);
    }

    /**
     * Reads and validates the {@code gatewatch.vitals} subtree (defaults already merged in).
     *
     * @throws ConfigException.ValidationFailed listing every problem with path, file and line
     */
    public static VitalsSettings from(Config config) {
        SettingsProblems problems = new SettingsProblems(config, PATH);
        problems.rejectUnknown(config.root(), "", KEYS);
        VitalsSettings defaults = defaults();
        boolean enabled = problems.read("enabled", () -> config.getBoolean("enabled"), true);
        Duration fine = retention(problems, config, "fine-retention", defaults.fineRetention(), MAX_FINE_RETENTION);
        Duration coarse = retention(problems, config, "coarse-retention", defaults.coarseRetention(),
                MAX_COARSE_RETENTION);
        int topN = problems.read("top-n", () -> config.getInt("top-n"), defaults.topN());
        if (topN < 1 || topN > MAX_TOP_N) {
            problems.add("top-n", "must be between 1 and " + MAX_TOP_N + ", got " + topN);
            topN = defaults.topN();
        }
        String store = problems.readRequired("store", () -> config.getString("store"), "memory");
        PostgresSettings postgres = null;
        if (store.equals("postgres")) {
            postgres = problems.read("postgres", () -> config.getConfig("postgres"), null) == null ? null
                    : PostgresSettings.from(config.getConfig("postgres"), problems, "postgres.");
            if (postgres == null) {
                problems.add("postgres", "required when store = postgres: { url, user, password }");
            }
        } else if (!store.equals("memory")) {
            problems.add("store", "must be memory or postgres, got '" + store + "'");
        }
        problems.throwIfAny();
        return new VitalsSettings(enabled, fine, coarse, topN, postgres);
    }

    private static Duration retention(SettingsProblems problems, Config config, String key, Duration fallback, Duration max) {
        Duration value = problems.positive(key, problems.read(key, () -> config.getDuration(key), fallback), fallback);
        if (value.compareTo(max) > 0) {
            problems.add(key, "must be at most " + max + " (the buffers are preallocated), got " + value);
            return fallback;
        }
        return value;
    }
}
