package io.gatewatch.exporter.statsd;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import io.gatewatch.spi.support.SettingsProblems;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

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
        SettingsProblems problems = new SettingsProblems(config, PATH);
        problems.rejectUnknown(config.root(), "", KEYS);
        String host = problems.readRequired("host", () -> config.getString("host"), "127.0.0.1");
        if (host.isBlank()) {
            problems.add("host", "must not be empty");
        } else if (DogStatsdClientTransport.isUnixAddress(host) && !unixSocketsAvailable()) {
            problems.add("host", "Unix-domain-socket delivery to '" + host
                    + "' needs com.github.jnr:jnr-unixsocket on the classpath (see the exporter's README)");
        }
        int port = problems.readRequired("port", () -> config.getInt("port"), 8125);
        if (port < 1 || port > 65_535) {
            problems.add("port", "must be between 1 and 65535, got " + port);
        }
        String prefix = problems.read("prefix", () -> config.getString("prefix"), null);
        if (prefix != null && !prefix.matches("([A-Za-z0-9_-]+(\\.[A-Za-z0-9_-]+)*)?")) {
            problems.add("prefix", "must be letters, digits, '_' and '-' with inner dots, got '" + prefix + "'");
        }
        String flavorName = problems.readRequired("flavor", () -> config.getString("flavor"), "dogstatsd");
        StatsdFlavor flavor = StatsdFlavor.fromConfigName(flavorName);
        if (flavor == null) {
            problems.add("flavor", "must be one of dogstatsd, etsy, telegraf, got '" + flavorName + "'");
        }
        Duration interval = problems.readRequired("interval", () -> config.getDuration("interval"), Duration.ofSeconds(10));
        if (interval.toMillis() < 1) {
            problems.add("interval", "must be at least 1ms (e.g. 10s), got " + interval);
        }
        long packet = problems.readRequired("max-packet-size", () -> config.getBytes("max-packet-size"), 1432L);
        if (packet < 64 || packet > MAX_UDP_PAYLOAD) {
            problems.add("max-packet-size", "must be between 64 and " + MAX_UDP_PAYLOAD + " bytes, got " + packet);
        }
        int queue = problems.readRequired("queue-size", () -> config.getInt("queue-size"), 4096);
        if (queue < 1) {
            problems.add("queue-size", "must be at least 1, got " + queue);
        }
        Map<String, String> tags = readTags(config, problems);
        problems.throwIfAny();
        return new StatsdSettings(host, port, prefix, flavor, interval, (int) packet, queue, tags);
    }

    private static boolean unixSocketsAvailable() {
        try {
            Class.forName("jnr.unixsocket.UnixSocketAddress", false, StatsdSettings.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    private static Map<String, String> readTags(Config config, SettingsProblems problems) {
        Map<String, String> tags = new TreeMap<>();
        ConfigObject object = problems.read("tags", () -> config.getObject("tags"), null);
        if (object == null) {
            return tags;
        }
        for (Map.Entry<String, ConfigValue> e : object.entrySet()) {
            ConfigValue v = e.getValue();
            if (!e.getKey().matches("[A-Za-z_][A-Za-z0-9_.-]*")) {
                problems.add("tags." + e.getKey(), "a tag key must be letters, digits, '_', '-' and '.', starting "
                        + "with a letter or '_'", v.origin());
            } else if (v.valueType() == ConfigValueType.OBJECT || v.valueType() == ConfigValueType.LIST
                    || v.valueType() == ConfigValueType.NULL) {
                problems.add("tags." + e.getKey(), "expected string, found "
                        + v.valueType().name().toLowerCase(Locale.ROOT), v.origin());
            } else {
                tags.put(e.getKey(), String.valueOf(v.unwrapped()));
            }
        }
        return tags;
    }
}
