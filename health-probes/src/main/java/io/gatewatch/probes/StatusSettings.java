package io.gatewatch.probes;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import io.gatewatch.spi.support.SettingsProblems;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The validated {@code gatewatch.status} settings of the status listener.
 *
 * <pre>{@code
 * StatusSettings settings = StatusSettings.from(config.getConfig("gatewatch.status"));
 * }</pre>
 *
 * <p>{@link #from(Config)} rejects unknown keys, wrong types and out-of-range values, reporting
 * every problem together with its path and the file and line it came from. Secrets never appear
 * in {@link #toString()} nor in any error.
 *
 * @param enabled        whether the listener runs at all
 * @param host           the interface to bind
 * @param port           the port to bind, {@code 0} for any free port
 * @param basePath       a prefix for every path ({@code ""} or {@code /something}, no trailing slash)
 * @param drainDelay     how long readiness stays 503 before shutdown goes on (used by core's lifecycle)
 * @param maxConnections open connections at most; past it the oldest idle connection is closed
 * @param requestTimeout how long a client may take to send a complete request (and a route to answer)
 * @param probeTimeout   how long a probe or {@code /status} may take before the listener answers 503 itself
 * @param maxRequestLine longest accepted request line in bytes (longer: 414)
 * @param maxHeaderSize  largest accepted header block in bytes (larger: 431)
 * @param maxQueuedPerClient requests of one client address that may be queued or running on the
 *                       workers at once (probes excepted); past it the answer is 503 busy
 * @param auth           who may read {@code /status} and protected routes
 */
public record StatusSettings(boolean enabled, String host, int port, String basePath, Optional<Duration> drainDelay,
                             int maxConnections, Duration requestTimeout, Duration probeTimeout,
                             int maxRequestLine, int maxHeaderSize, int maxQueuedPerClient, Auth auth) {

    /** The config path this record is read from; used in error messages. */
    public static final String PATH = "gatewatch.status";

    private static final Set<String> KEYS = Set.of("enabled", "host", "port", "base-path", "drain-delay",
            "max-connections", "request-timeout", "probe-timeout", "max-request-line", "max-header-size", "max-queued-per-client", "auth");
    /** Shorter secrets are guessable, and could not be masked in output without mangling it. */
    static final int MIN_SECRET_LENGTH = 8;
    /** The workers' places: two running, 64 queued. */
    static final int WORKER_PLACES = 66;
    private static final int DEFAULT_QUEUED_PER_CLIENT = 16;
    private static final Set<String> AUTH_KEYS = Set.of("users", "bearer-token", "realm");

    public StatusSettings {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(basePath, "basePath");
        Objects.requireNonNull(drainDelay, "drainDelay");
        Objects.requireNonNull(requestTimeout, "requestTimeout");
        Objects.requireNonNull(probeTimeout, "probeTimeout");
        Objects.requireNonNull(auth, "auth");
    }

    /**
     * Reads and validates the {@code gatewatch.status} subtree (defaults already merged in).
     *
     * @throws ConfigException.ValidationFailed listing every problem with path, file and line
     */
    public static StatusSettings from(Config config) {
        SettingsProblems problems = new SettingsProblems(config, PATH);
        problems.rejectUnknown(config.root(), "", KEYS);

        boolean enabled = problems.read("enabled", () -> config.getBoolean("enabled"), true);
        String host = problems.read("host", () -> config.getString("host"), "0.0.0.0");
        if (host.isBlank()) {
            problems.add("host", "must not be empty");
        }
        int port = problems.read("port", () -> config.getInt("port"), 8051);
        if (port < 0 || port > 65535) {
            problems.add("port", "must be between 0 and 65535, got " + port);
        }
        String basePath = problems.read("base-path", () -> config.getString("base-path"), "");
        if (!basePath.isEmpty() && (!basePath.startsWith("/") || basePath.endsWith("/")
                || basePath.contains("//") || basePath.chars().anyMatch(c -> c <= ' ' || c == '?' || c == '#'))) {
            problems.add("base-path", "must be empty or start with '/', have no trailing '/', no spaces, '?' or '#'; got '"
                    + basePath + "'");
        }
        Optional<Duration> drainDelay = config.hasPath("drain-delay")
                ? Optional.of(problems.read("drain-delay", () -> config.getDuration("drain-delay"), Duration.ZERO))
                : Optional.empty();
        drainDelay.filter(Duration::isNegative).ifPresent(d -> problems.add("drain-delay", "must not be negative"));
        int maxConnections = problems.read("max-connections", () -> config.getInt("max-connections"), 256);
        if (maxConnections < 1) {
            problems.add("max-connections", "must be at least 1, got " + maxConnections);
        }
        Duration requestTimeout = positive(problems, config, "request-timeout", Duration.ofSeconds(10));
        Duration probeTimeout = positive(problems, config, "probe-timeout", Duration.ofSeconds(1));
        int maxRequestLine = bytes(problems, config, "max-request-line", 4096);
        int maxHeaderSize = bytes(problems, config, "max-header-size", 8192);
        int maxQueuedPerClient = problems.read("max-queued-per-client", () -> config.getInt("max-queued-per-client"),
                DEFAULT_QUEUED_PER_CLIENT);
        if (maxQueuedPerClient < 1 || maxQueuedPerClient > WORKER_PLACES) {
            problems.add("max-queued-per-client", "must be between 1 and " + WORKER_PLACES + ", got " + maxQueuedPerClient);
            maxQueuedPerClient = DEFAULT_QUEUED_PER_CLIENT;
        }
        Auth auth = readAuth(problems, config);
        problems.throwIfAny();
        return new StatusSettings(enabled, host, port, basePath, drainDelay, maxConnections, requestTimeout,
                probeTimeout, maxRequestLine, maxHeaderSize, maxQueuedPerClient, auth);
    }

    private static Duration positive(SettingsProblems problems, Config config, String key, Duration fallback) {
        return problems.positive(key, problems.read(key, () -> config.getDuration(key), fallback), fallback);
    }

    private static int bytes(SettingsProblems problems, Config config, String key, int fallback) {
        long value = problems.read(key, () -> config.getBytes(key), (long) fallback);
        if (value < 256 || value > 1024 * 1024) {
            problems.add(key, "must be between 256 bytes and 1 MiB, got " + value);
            return fallback;
        }
        return (int) value;
    }

    private static Auth readAuth(SettingsProblems problems, Config config) {
        if (!config.hasPath("auth")) {
            return Auth.NONE;
        }
        if (config.getValue("auth").valueType() != ConfigValueType.OBJECT) {
            problems.add("auth", "must be an object with keys " + AUTH_KEYS);
            return Auth.NONE;
        }
        Config auth = config.getConfig("auth");
        problems.rejectUnknown(auth.root(), "auth.", AUTH_KEYS);
        Map<String, Secret> users = new LinkedHashMap<>();
        if (auth.hasPath("users")) {
            ConfigValue raw = auth.getValue("users");
            if (raw instanceof ConfigObject object) {
                for (Map.Entry<String, ConfigValue> user : object.entrySet()) {
                    String name = user.getKey();
                    ConfigValue password = user.getValue();
                    // never echo the value: it is a password
                    if (password.valueType() != ConfigValueType.STRING
                            || ((String) password.unwrapped()).length() < MIN_SECRET_LENGTH) {
                        problems.add("auth.users", "password of user '" + name + "' must be a string of at least "
                                + MIN_SECRET_LENGTH + " characters", password.origin());
                    } else if (name.isEmpty() || name.contains(":")) {
                        problems.add("auth.users", "user name '" + name + "' must be non-empty and contain no ':'",
                                password.origin());
                    } else {
                        users.put(name, new Secret((String) password.unwrapped()));
                    }
                }
            } else {
                problems.add("auth.users", "must be an object of user name = password, got " + raw.valueType(),
                        raw.origin());
            }
        }
        Optional<Secret> token = Optional.empty();
        if (auth.hasPath("bearer-token")) {
            ConfigValue raw = auth.getValue("bearer-token");
            if (raw.valueType() != ConfigValueType.STRING) {
                problems.add("auth.bearer-token", "must be a string", raw.origin());
            } else if (!((String) raw.unwrapped()).isEmpty()) {
                String value = (String) raw.unwrapped();
                if (value.length() < MIN_SECRET_LENGTH || value.chars().anyMatch(c -> c <= ' ' || c > '~')) {
                    problems.add("auth.bearer-token", "must be at least " + MIN_SECRET_LENGTH
                            + " printable ASCII characters without spaces", raw.origin());
                } else {
                    token = Optional.of(new Secret(value));
                }
            }
        }
        String realm = problems.read("auth.realm", () -> auth.hasPath("realm") ? auth.getString("realm") : "gatewatch",
                "gatewatch");
        if (realm.contains("\"") || realm.chars().anyMatch(c -> c < ' ' || c > '~')) {
            problems.add("auth.realm", "must be printable ASCII without '\"'");
            realm = "gatewatch";
        }
        return new Auth(users, token, realm);
    }

    /** Whether {@code /status} and protected routes ask for credentials. */
    public boolean authEnabled() {
        return auth.enabled();
    }

    @Override
    public String toString() {
        return "StatusSettings[enabled=" + enabled + ", host=" + host + ", port=" + port + ", basePath=" + basePath
                + ", drainDelay=" + drainDelay.map(Duration::toString).orElse("default")
                + ", maxConnections=" + maxConnections + ", requestTimeout=" + requestTimeout
                + ", probeTimeout=" + probeTimeout + ", maxRequestLine=" + maxRequestLine
                + ", maxHeaderSize=" + maxHeaderSize + ", maxQueuedPerClient=" + maxQueuedPerClient + ", auth=" + auth + "]";
    }

    /**
     * Credentials for {@code /status} and protected routes: basic auth users and/or a bearer token.
     * Either one suffices. Empty: no authentication.
     */
    public record Auth(Map<String, Secret> users, Optional<Secret> bearerToken, String realm) {
        public static final Auth NONE = new Auth(Map.of(), Optional.empty(), "gatewatch");

        public Auth {
            users = Map.copyOf(users);
            Objects.requireNonNull(bearerToken, "bearerToken");
            Objects.requireNonNull(realm, "realm");
        }

        public boolean enabled() {
            return !users.isEmpty() || bearerToken.isPresent();
        }

        @Override
        public String toString() {
            return "Auth[users=" + users.keySet() + ", bearerToken=" + (bearerToken.isPresent() ? Secret.MASK : "none")
                    + ", realm=" + realm + "]";
        }
    }

    /** A password or token: its value is only readable on purpose, never through {@link #toString()}. */
    public static final class Secret {
        public static final String MASK = "****";
        private final String value;

        public Secret(String value) {
            this.value = Objects.requireNonNull(value, "value");
        }

        /** The secret itself; for comparing credentials and masking output only. */
        public String reveal() {
            return value;
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Secret s && s.value.equals(value);
        }

        @Override
        public int hashCode() {
            return value.hashCode();
        }

        @Override
        public String toString() {
            return MASK;
        }
    }
}
