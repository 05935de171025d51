package io.gatewatch.exporter.datadog;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigOrigin;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import io.gatewatch.spi.support.SettingsProblems;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
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
     * The total time one request may take, connect, body and the whole answer included:
     * {@code connect-timeout + read-timeout}, and never more than one interval. The time-outs
     * alone bound each wait, not the sum: an intake that answers a byte at a time would otherwise
     * hold the exporter for as long as it likes.
     */
    public Duration sendDeadline() {
        Duration sum = connectTimeout.plus(readTimeout);
        return sum.compareTo(interval) < 0 ? sum : interval;
    }

    /**
     * Validates a config subtree. Every problem is collected first, so one run reports them all,
     * each with its full path, file and line, as a {@link ConfigException.ValidationFailed}.
     *
     * @param config the subtree, {@code reference.conf} defaults merged in
     * @param path   where the subtree sits ({@code gatewatch.exporters.datadog}), for messages
     */
    public static DatadogSettings from(Config config, String path) {
        SettingsProblems problems = new SettingsProblems(config, path);
        problems.rejectUnknown(config.root(), "", KEYS);
        boolean enabled = problems.readRequired("enabled", () -> config.getBoolean("enabled"), false);
        // null: the key is not a string, which is reported already
        String key = problems.read("api-key", () -> config.hasPath("api-key") ? config.getString("api-key") : "", null);
        if (key == null) {
            key = "";
        } else if (enabled && key.isBlank()) {
            problems.add("api-key", "an API key is required when the Datadog exporter is enabled: set api-key or "
                    + "the DD_API_KEY environment variable", userOrigin(config, "api-key", "enabled"));
        } else if (key.chars().anyMatch(c -> c < 0x21 || c > 0x7e)) {
            problems.add("api-key", "must not contain whitespace or non-printable characters (value hidden)");
        }
        String site = problems.readRequired("site", () -> config.getString("site").trim().toLowerCase(Locale.ROOT),
                "datadoghq.com");
        if (!SITES.contains(site)) {
            problems.add("site", "must be one of " + SITES + " (use uri for a proxy), got '" + site + "'");
        }
        Optional<URI> uri = uri(problems, config);
        Duration interval = atLeast(problems, config, "interval", Duration.ofSeconds(1), Duration.ofSeconds(10));
        Duration connect = timeout(problems, config, "connect-timeout", Duration.ofSeconds(2));
        Duration read = timeout(problems, config, "read-timeout", Duration.ofSeconds(5));
        int maxBuffered = problems.readRequired("max-buffered-intervals", () -> config.getInt("max-buffered-intervals"), 30);
        long mostBuffered = MAX_BUFFERED_AGE.toMillis() / interval.toMillis();
        if (maxBuffered < 1) {
            problems.add("max-buffered-intervals", "must be at least 1, got " + maxBuffered);
        } else if (maxBuffered > mostBuffered) {
            problems.add("max-buffered-intervals", "must be at most " + mostBuffered + " with an interval of "
                    + interval.toMillis() + "ms (Datadog ignores points more than an hour old), got " + maxBuffered);
        }
        Map<String, String> tags = tags(problems, config);
        String hostName = problems.read("host", () -> config.getString("host"), "").trim();
        Optional<String> host = hostName.isEmpty() ? Optional.empty() : Optional.of(hostName);
        problems.throwIfAny();
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

    private static Optional<URI> uri(SettingsProblems problems, Config config) {
        String text = problems.read("uri", () -> config.getString("uri"), "").trim();
        if (text.isEmpty()) {
            return Optional.empty();
        }
        // the text is never echoed: user info in it may be a credential
        try {
            URI u = new URI(text);
            String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
            if (!scheme.equals("http") && !scheme.equals("https") || u.getHost() == null) {
                problems.add("uri", "must be an absolute http or https URL such as https://proxy.internal:8443");
            } else if (u.getUserInfo() != null || u.getQuery() != null || u.getFragment() != null) {
                problems.add("uri", "must not carry user info, a query or a fragment (the API key travels in a header)");
            } else {
                return Optional.of(u);
            }
        } catch (URISyntaxException e) {
            problems.add("uri", "must be a URL: " + e.getReason());
        }
        return Optional.empty();
    }

    private static Duration atLeast(SettingsProblems problems, Config config, String key, Duration min, Duration fallback) {
        Duration d = problems.readRequired(key, () -> config.getDuration(key), fallback);
        if (d.compareTo(min) < 0) {
            problems.add(key, "must be at least " + min.toMillis() + "ms, got " + d.toMillis() + "ms");
            return fallback;
        }
        return d;
    }

    /** The HTTP client takes its timeouts as int milliseconds. */
    private static Duration timeout(SettingsProblems problems, Config config, String key, Duration fallback) {
        Duration d = atLeast(problems, config, key, Duration.ofMillis(1), fallback);
        if (d.toMillis() > Integer.MAX_VALUE) {
            problems.add(key, "must be at most " + Integer.MAX_VALUE + "ms, got " + d.toMillis() + "ms");
            return fallback;
        }
        return d;
    }

    private static Map<String, String> tags(SettingsProblems problems, Config config) {
        ConfigObject object = problems.read("tags", () -> config.getObject("tags"), null);
        Map<String, String> tags = new TreeMap<>();   // HOCON objects are unordered; sorted keeps series stable
        if (object == null) {
            return tags;
        }
        for (Map.Entry<String, ConfigValue> e : object.entrySet()) {
            ConfigValue tag = e.getValue();
            if (tag.valueType() == ConfigValueType.OBJECT || tag.valueType() == ConfigValueType.LIST
                    || tag.valueType() == ConfigValueType.NULL) {
                problems.add("tags." + e.getKey(), "expected string, found "
                        + tag.valueType().name().toLowerCase(Locale.ROOT), tag.origin());
            } else {
                tags.put(e.getKey(), String.valueOf(tag.unwrapped()));
            }
        }
        return tags;
    }

    private static String stripTrailingSlash(String s) {
        return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
    }
}
