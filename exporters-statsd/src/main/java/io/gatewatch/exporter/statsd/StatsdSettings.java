package io.gatewatch.exporter.statsd;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigOrigin;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * The validated {@code gatewatch.exporters.statsd} settings.
 *
 * <pre>{@code
 * StatsdSettings s = StatsdSettings.from(config.getConfig("gatewatch.exporters.statsd"));
 * }</pre>
 *
 * @param host          StatsD / DogStatsD agent host name or address
 * @param port          UDP port
 * @param prefix        prepended (with a dot) to the names of gateway metrics; {@code null} means
 *                      the global {@code gatewatch.metrics.prefix}, empty means none
 * @param flavor        the line dialect
 * @param interval      how often an interval is sent
 * @param maxPacketSize the largest datagram payload, in bytes
 * @param queueSize     the most datagrams one interval may send; the rest waits for the next one
 * @param tags          extra tags on every line, sorted by key (the order etsy folds them in)
 */
public record StatsdSettings(String host, int port, String prefix, StatsdFlavor flavor, Duration interval,
                             int maxPacketSize, int queueSize, Map<String, String> tags) {

    /** The config path this plugin owns, for error messages. */
    public static final String PATH = "gatewatch.exporters.statsd";
    /** The largest UDP payload over IPv4. */
    public static final int MAX_UDP_PAYLOAD = 65_507;

    private static final Set<String> KEYS = Set.of("enabled", "host", "port", "prefix", "flavor", "interval",
            "max-packet-size", "queue-size", "tags");

    public StatsdSettings {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(flavor, "flavor");
        Objects.requireNonNull(interval, "interval");
        tags = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(new TreeMap<>(tags)));
    }

    /**
     * Reads and validates the plugin's subtree (defaults from {@code reference.conf} merged in).
     *
     * @throws ConfigException.ValidationFailed listing every problem, each with the setting's full
     *                                          path and the file and line it came from
     */
    public static StatsdSettings from(Config config) {
        List<ConfigException.ValidationProblem> problems = new ArrayList<>();
        for (Map.Entry<String, ConfigValue> e : config.root().entrySet()) {
            if (!KEYS.contains(e.getKey())) {
                problems.add(problem(e.getKey(), e.getValue().origin(), "unknown setting '" + e.getKey()
                        + "'; known settings: " + new java.util.TreeSet<>(KEYS)));
            }
        }
        String host = read(config, "host", config::getString, problems);
        if (host != null && host.isBlank()) {
            problems.add(problem("host", config, "must not be empty"));
        } else if (host != null && DogStatsdClientTransport.isUnixAddress(host) && !unixSocketsAvailable()) {
            problems.add(problem("host", config, "Unix-domain-socket delivery to '" + host
                    + "' needs com.github.jnr:jnr-unixsocket on the classpath (see the exporter's README)"));
        }
        Integer port = read(config, "port", config::getInt, problems);
        if (port != null && (port < 1 || port > 65_535)) {
            problems.add(problem("port", config, "expecting a UDP port 1-65535 but got " + port));
        }
        String prefix = null;
        if (config.hasPath("prefix")) {
            prefix = read(config, "prefix", config::getString, problems);
            if (prefix != null && !prefix.matches("([A-Za-z0-9_-]+(\\.[A-Za-z0-9_-]+)*)?")) {
                problems.add(problem("prefix", config, "expecting letters, digits, '_', '-' and inner dots but got '"
                        + prefix + "'"));
            }
        }
        StatsdFlavor flavor = null;
        String flavorName = read(config, "flavor", config::getString, problems);
        if (flavorName != null) {
            flavor = StatsdFlavor.fromConfigName(flavorName);
            if (flavor == null) {
                problems.add(problem("flavor", config, "expecting one of dogstatsd, etsy, telegraf but got '"
                        + flavorName + "'"));
            }
        }
        Duration interval = read(config, "interval", config::getDuration, problems);
        if (interval != null && (interval.isNegative() || interval.toMillis() < 1)) {
            problems.add(problem("interval", config, "expecting a positive duration (e.g. 10s) but got " + interval));
        }
        Long packet = read(config, "max-packet-size", config::getBytes, problems);
        if (packet != null && (packet < 64 || packet > MAX_UDP_PAYLOAD)) {
            problems.add(problem("max-packet-size", config, "expecting 64 to " + MAX_UDP_PAYLOAD
                    + " bytes but got " + packet));
        }
        Integer queue = read(config, "queue-size", config::getInt, problems);
        if (queue != null && queue < 1) {
            problems.add(problem("queue-size", config, "expecting at least 1 but got " + queue));
        }
        Map<String, String> tags = readTags(config, problems);
        if (!problems.isEmpty()) {
            throw new ConfigException.ValidationFailed(problems);
        }
        return new StatsdSettings(host, port, prefix, flavor, interval, packet.intValue(), queue, tags);
    }

    private static boolean unixSocketsAvailable() {
        try {
            Class.forName("jnr.unixsocket.UnixSocketAddress", false, StatsdSettings.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    private static Map<String, String> readTags(Config config, List<ConfigException.ValidationProblem> problems) {
        Map<String, String> tags = new TreeMap<>();
        if (!config.hasPath("tags")) {
            return tags;
        }
        ConfigObject object = read(config, "tags", config::getObject, problems);
        if (object == null) {
            return tags;
        }
        for (Map.Entry<String, ConfigValue> e : object.entrySet()) {
            ConfigValue v = e.getValue();
            if (!e.getKey().matches("[A-Za-z_][A-Za-z0-9_.-]*")) {
                problems.add(problem("tags." + e.getKey(), v.origin(), "a tag key needs letters, digits, '_', '-', '.'"));
            } else if (v.valueType() == ConfigValueType.OBJECT || v.valueType() == ConfigValueType.LIST
                    || v.valueType() == ConfigValueType.NULL) {
                problems.add(problem("tags." + e.getKey(), v.origin(), "expecting a string but got " + v.valueType()));
            } else {
                tags.put(e.getKey(), String.valueOf(v.unwrapped()));
            }
        }
        return tags;
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
                message = message.substring(where.length());   // the problem's origin says it already
            }
            problems.add(new ConfigException.ValidationProblem(PATH + "." + key, origin, message));
        }
        return null;
    }

    private static ConfigException.ValidationProblem problem(String key, Config config, String message) {
        return problem(key, config.getValue(key).origin(), message);
    }

    private static ConfigException.ValidationProblem problem(String key, ConfigOrigin origin, String message) {
        return new ConfigException.ValidationProblem(PATH + "." + key, origin, message);
    }
}
