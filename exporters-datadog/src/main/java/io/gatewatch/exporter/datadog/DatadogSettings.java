package io.gatewatch.exporter.datadog;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigOrigin;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Supplier;

/**
 * The validated {@code gatewatch.exporters.datadog} settings.
 *
 * <pre>{@code
 * DatadogSettings s = DatadogSettings.from(config.getConfig("gatewatch.exporters.datadog"),
 *                                          "gatewatch.exporters.datadog");
 * }</pre>
 *
 * {@link #toString()} masks the API key to its last four characters.
 *
 * @param apiKey               the key sent in the {@code DD-API-KEY} header
 * @param site                 the Datadog site ({@code datadoghq.com}, {@code datadoghq.eu}, ...)
 * @param uri                  an explicit base URL (proxy, test intake) that replaces the site's
 * @param interval             how often an interval is sent
 * @param tags                 tags added to every series, beside the labels and common tags (sorted by key)
 * @param host                 the {@code host} resource of every series; empty: the node id
 * @param connectTimeout       TCP connect timeout of one request
 * @param readTimeout          how long one request waits for the answer
 * @param maxBufferedIntervals how many undelivered intervals are kept for a later send
 */
public record DatadogSettings(boolean enabled, ApiKey apiKey, String site, Optional<URI> uri, Duration interval,
                             Map<String, String> tags, Optional<String> host, Duration connectTimeout,
                             Duration readTimeout, int maxBufferedIntervals) {

    /** The sites Datadog runs; each has its API at {@code https://api.<site>}. */
    public static final Set<String> SITES = Collections.unmodifiableSet(new TreeSet<>(List.of(
            "datadoghq.com", "datadoghq.eu", "us3.datadoghq.com", "us5.datadoghq.com", "ap1.datadoghq.com",
            "ddog-gov.com")));

    /** Datadog ignores points more than an hour old, so buffering longer would only pretend to keep them. */
    static final Duration MAX_BUFFERED_AGE = Duration.ofHours(1);

    private static final Set<String> KEYS = Set.of("enabled", "api-key", "site", "uri", "interval", "tags", "host",
            "connect-timeout", "read-timeout", "max-buffered-intervals");

    public DatadogSettings {
        Objects.requireNonNull(apiKey, "apiKey");
        Objects.requireNonNull(site, "site");
        Objects.requireNonNull(uri, "uri");
        Objects.requireNonNull(interval, "interval");
        tags = Collections.unmodifiableMap(new LinkedHashMap<>(tags));
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        Objects.requireNonNull(readTimeout, "readTimeout");
    }

    /** Where requests go: the explicit {@code uri}, else {@code https://api.<site>}; never carries the key. */
    public String baseUrl() {
        return uri.map(u -> stripTrailingSlash(u.toString())).orElse("https://api." + site);
    }

    /**
     * Validates a config subtree. Every problem is collected first, so one run reports them all:
     * a single problem is thrown as a {@link ConfigException.BadValue} carrying the origin's file
     * and line and the key relative to the subtree (as Typesafe's getters name it), several as a
     * {@link ConfigException.ValidationFailed} listing each with its full path, file and line.
     *
     * @param config the subtree, {@code reference.conf} defaults merged in
     * @param path   where the subtree sits ({@code gatewatch.exporters.datadog}), for messages
     */
    public static DatadogSettings from(Config config, String path) {
        Validator v = new Validator(config, path);
        for (Map.Entry<String, ConfigValue> e : config.root().entrySet()) {
            if (!KEYS.contains(e.getKey())) {
                v.problem(e.getKey(), e.getValue().origin(), "unknown setting; expected one of " + new TreeSet<>(KEYS));
            }
        }
        boolean enabled = v.get("enabled", () -> config.getBoolean("enabled"), false);
        String key = v.get("api-key", () -> config.hasPath("api-key") ? config.getString("api-key") : "", "");
        if (enabled && key.isBlank() && !v.has("api-key")) {
            v.problem("api-key", userOrigin(config, "api-key", "enabled"),
                    "an API key is required when the Datadog exporter is enabled: set api-key or the DD_API_KEY environment variable");
        } else if (key.chars().anyMatch(c -> c < 0x21 || c > 0x7e)) {
            v.problem("api-key", config.getValue("api-key").origin(),
                    "the API key contains whitespace or non-printable characters (value hidden)");
        }
        String site = v.get("site", () -> config.getString("site").trim().toLowerCase(Locale.ROOT), "datadoghq.com");
        if (!SITES.contains(site)) {
            v.problem("site", config.getValue("site").origin(), "unknown Datadog site '" + site + "'; expected one of " + SITES
                    + " (use uri for a proxy)");
        }
        Optional<URI> uri = v.get("uri", () -> config.hasPath("uri") && !config.getString("uri").isBlank()
                ? Optional.of(parseUri(config, "uri")) : Optional.empty(), Optional.empty());
        Duration interval = v.get("interval", () -> atLeast(config, "interval", Duration.ofSeconds(1)), Duration.ofSeconds(10));
        Duration connect = v.get("connect-timeout", () -> timeout(config, "connect-timeout"), Duration.ofSeconds(2));
        Duration read = v.get("read-timeout", () -> timeout(config, "read-timeout"), Duration.ofSeconds(5));
        int maxBuffered = v.get("max-buffered-intervals", () -> config.getInt("max-buffered-intervals"), 30);
        if (maxBuffered < 1) {
            v.problem("max-buffered-intervals", config.getValue("max-buffered-intervals").origin(), "must be at least 1");
        } else if (interval.multipliedBy(maxBuffered).compareTo(MAX_BUFFERED_AGE) > 0) {
            v.problem("max-buffered-intervals", config.getValue("max-buffered-intervals").origin(), maxBuffered
                    + " intervals of " + interval.toSeconds() + "s reach back more than the hour Datadog accepts");
        }
        Map<String, String> tags = v.get("tags", () -> tags(config), Map.of());
        Optional<String> host = v.get("host", () -> config.hasPath("host") && !config.getString("host").isBlank()
                ? Optional.of(config.getString("host").trim()) : Optional.empty(), Optional.empty());
        v.throwIfAny();
        return new DatadogSettings(enabled, new ApiKey(key), site, uri, interval, tags, host, connect, read, maxBuffered);
    }

    @Override
    public String toString() {
        return "DatadogSettings[enabled=" + enabled + ", api-key=" + apiKey.masked() + ", site=" + site
                + ", uri=" + uri.map(URI::toString).orElse("") + ", interval=" + interval + ", tags=" + tags
                + ", host=" + host.orElse("") + ", connect-timeout=" + connectTimeout + ", read-timeout=" + readTimeout
                + ", max-buffered-intervals=" + maxBufferedIntervals + "]";
    }

    /**
     * Where the user set {@code key}; when only a reference.conf did (the empty default), the line
     * of {@code fallbackKey} instead: for a missing API key, the line that enabled the exporter.
     */
    private static ConfigOrigin userOrigin(Config config, String key, String fallbackKey) {
        if (config.hasPath(key)) {
            ConfigOrigin origin = config.getValue(key).origin();
            boolean fromReference = origin.resource() != null && origin.resource().endsWith("reference.conf")
                    || origin.url() != null && origin.url().getPath().endsWith("/reference.conf");
            if (!fromReference) {
                return origin;
            }
        }
        return config.hasPath(fallbackKey) ? config.getValue(fallbackKey).origin() : config.origin();
    }

    private static URI parseUri(Config config, String key) {
        String text = config.getString(key).trim();
        ConfigOrigin origin = config.getValue(key).origin();
        try {
            URI u = new URI(text);
            String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
            if (!scheme.equals("http") && !scheme.equals("https") || u.getHost() == null) {
                throw new ConfigException.BadValue(origin, key, "expected an absolute http or https URL such as https://proxy.internal:8443");
            }
            if (u.getUserInfo() != null || u.getQuery() != null || u.getFragment() != null) {
                throw new ConfigException.BadValue(origin, key, "must not carry user info, a query or a fragment (the API key travels in a header)");
            }
            return u;
        } catch (URISyntaxException e) {
            throw new ConfigException.BadValue(origin, key, "not a URL: " + e.getReason());
        }
    }

    private static Duration atLeast(Config config, String key, Duration min) {
        Duration d = config.getDuration(key);
        if (d.compareTo(min) < 0) {
            throw new ConfigException.BadValue(config.getValue(key).origin(), key, "must be at least " + min.toMillis() + "ms");
        }
        return d;
    }

    private static Duration timeout(Config config, String key) {
        Duration d = atLeast(config, key, Duration.ofMillis(1));
        if (d.toMillis() > Integer.MAX_VALUE) {
            throw new ConfigException.BadValue(config.getValue(key).origin(), key, "too long");
        }
        return d;
    }

    private static Map<String, String> tags(Config config) {
        if (!config.hasPath("tags")) {
            return Map.of();
        }
        ConfigValue value = config.getValue("tags");
        if (value.valueType() != ConfigValueType.OBJECT) {
            throw new ConfigException.WrongType(value.origin(), "tags", "object such as { team = \"edge\" }",
                    value.valueType().name().toLowerCase(Locale.ROOT));
        }
        Map<String, String> tags = new TreeMap<>();   // HOCON objects are unordered; sorted keeps series stable
        for (Map.Entry<String, ConfigValue> e : config.getObject("tags").entrySet()) {
            ConfigValue tag = e.getValue();
            if (tag.valueType() == ConfigValueType.OBJECT || tag.valueType() == ConfigValueType.LIST
                    || tag.valueType() == ConfigValueType.NULL) {
                throw new ConfigException.WrongType(tag.origin(), "tags." + e.getKey(), "string",
                        tag.valueType().name().toLowerCase(Locale.ROOT));
            }
            tags.put(e.getKey(), String.valueOf(tag.unwrapped()));
        }
        return tags;
    }

    private static String stripTrailingSlash(String s) {
        return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
    }

    /** Collects problems with their origins instead of stopping at the first. */
    private static final class Validator {
        private record Problem(String key, ConfigOrigin origin, String message) {
        }

        private final Config config;
        private final String path;
        private final List<Problem> problems = new ArrayList<>();

        Validator(Config config, String path) {
            this.config = config;
            this.path = path;
        }

        <T> T get(String key, Supplier<T> read, T fallback) {
            try {
                return read.get();
            } catch (ConfigException.Missing e) {
                problem(key, config.origin(), "missing (the module's reference.conf should define it)");
            } catch (ConfigException e) {
                ConfigOrigin origin = e.origin() != null ? e.origin()
                        : config.hasPath(key) ? config.getValue(key).origin() : config.origin();
                String message = e.getMessage();
                String prefix = origin.description() + ": ";
                problem(key, origin, message.startsWith(prefix) ? message.substring(prefix.length()) : message);
            }
            return fallback;
        }

        void problem(String key, ConfigOrigin origin, String message) {
            problems.add(new Problem(key, origin, message));
        }

        boolean has(String key) {
            return problems.stream().anyMatch(p -> p.key().equals(key));
        }

        /**
         * One problem: a {@link ConfigException.BadValue} whose path is relative to the subtree,
         * as Typesafe's own getters report it (core prefixes the subtree's path). Several: a
         * {@link ConfigException.ValidationFailed} listing each with its full path.
         */
        void throwIfAny() {
            if (problems.size() == 1) {
                Problem p = problems.get(0);
                throw new ConfigException.BadValue(p.origin(), p.key(), p.message());
            }
            if (!problems.isEmpty()) {
                List<ConfigException.ValidationProblem> all = new ArrayList<>();
                for (Problem p : problems) {
                    all.add(new ConfigException.ValidationProblem(path.isEmpty() ? p.key() : path + "." + p.key(),
                            p.origin(), p.message()));
                }
                throw new ConfigException.ValidationFailed(all);
            }
        }
    }
}
