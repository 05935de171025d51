package io.gatewatch.sample.gateway;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigValue;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The sample gateway's own settings ({@code sample-gateway} in HOCON), validated in one place.
 * Unknown keys are errors, so a typo fails start-up with its file and line.
 */
record GatewaySettings(String host, int port, int threads, int maxConnections, Duration upstreamTimeout,
                       String logFormat, boolean recording, Map<String, UpstreamSettings> upstreams, List<RouteSettings> routes,
                       Map<String, ConsumerSettings> consumersByKey, CacheSettings cache, BreakerSettings breaker,
                       Duration healthInterval, TrafficSettings traffic) {

    record UpstreamSettings(String name, String url, Duration latency, double errorRate) {
        boolean embedded() {
            return "embedded".equals(url);
        }
    }

    record RouteSettings(String service, String route, String pathPrefix, String upstream, boolean auth, boolean cache) {
    }

    record ConsumerSettings(String id, String key, double rateLimit) {
    }

    record CacheSettings(Duration ttl, int maxEntries) {
    }

    record BreakerSettings(int failureThreshold, Duration openDuration) {
    }

    record TrafficSettings(boolean enabled, double rate) {
    }

    private static final Set<String> TOP_KEYS = Set.of("host", "port", "threads", "max-connections", "upstream-timeout",
            "log-format", "log-level", "recording", "upstreams", "routes", "consumers", "cache", "circuit-breaker", "upstream-health", "traffic");

    static GatewaySettings from(Config root) {
        Config c = root.getConfig("sample-gateway");
        requireKnown(c, "sample-gateway", TOP_KEYS);
        int port = c.getInt("port");
        if (port < 0 || port > 65535) {
            throw new ConfigException.BadValue(c.getValue("port").origin(), "sample-gateway.port",
                    "expected a port 0-65535, found " + port);
        }
        String logFormat = c.getString("log-format");
        if (!logFormat.equals("text") && !logFormat.equals("json")) {
            throw new ConfigException.BadValue(c.getValue("log-format").origin(), "sample-gateway.log-format",
                    "expected text or json, found " + logFormat);
        }
        String logLevel = c.getString("log-level");
        if (!Set.of("TRACE", "DEBUG", "INFO", "WARN", "ERROR").contains(logLevel.toUpperCase(java.util.Locale.ROOT))) {
            throw new ConfigException.BadValue(c.getValue("log-level").origin(), "sample-gateway.log-level",
                    "expected TRACE, DEBUG, INFO, WARN or ERROR, found " + logLevel);
        }
        Map<String, UpstreamSettings> upstreams = new LinkedHashMap<>();
        ConfigObject ups = c.getObject("upstreams");
        for (String name : ups.keySet()) {
            Config u = c.getConfig("upstreams." + quote(name));
            String path = "sample-gateway.upstreams." + name;
            requireKnown(u, path, Set.of("url", "latency", "error-rate"));
            double errorRate = u.getDouble("error-rate");
            if (errorRate < 0 || errorRate > 1) {
                throw new ConfigException.BadValue(u.getValue("error-rate").origin(), path + ".error-rate",
                        "expected a ratio 0.0-1.0, found " + errorRate);
            }
            upstreams.put(name, new UpstreamSettings(name, u.getString("url"), u.getDuration("latency"), errorRate));
        }
        List<RouteSettings> routes = new ArrayList<>();
        List<? extends Config> routeList = c.getConfigList("routes");
        for (int i = 0; i < routeList.size(); i++) {
            Config r = routeList.get(i);
            String path = "sample-gateway.routes[" + i + "]";
            requireKnown(r, path, Set.of("service", "route", "path-prefix", "upstream", "auth", "cache"));
            String upstream = r.getString("upstream");
            if (!upstreams.containsKey(upstream)) {
                throw new ConfigException.BadValue(r.getValue("upstream").origin(), path + ".upstream",
                        "expected one of " + upstreams.keySet() + ", found " + upstream);
            }
            String prefix = r.getString("path-prefix");
            if (!prefix.startsWith("/")) {
                throw new ConfigException.BadValue(r.getValue("path-prefix").origin(), path + ".path-prefix",
                        "expected a path starting with /, found " + prefix);
            }
            routes.add(new RouteSettings(r.getString("service"), r.getString("route"), prefix, upstream,
                    r.hasPath("auth") && r.getBoolean("auth"), r.hasPath("cache") && r.getBoolean("cache")));
        }
        Map<String, ConsumerSettings> consumers = new LinkedHashMap<>();
        List<? extends Config> consumerList = c.getConfigList("consumers");
        for (int i = 0; i < consumerList.size(); i++) {
            Config k = consumerList.get(i);
            requireKnown(k, "sample-gateway.consumers[" + i + "]", Set.of("id", "key", "rate-limit"));
            consumers.put(k.getString("key"), new ConsumerSettings(k.getString("id"), k.getString("key"), k.getDouble("rate-limit")));
        }
        Config cache = c.getConfig("cache");
        requireKnown(cache, "sample-gateway.cache", Set.of("ttl", "max-entries"));
        Config breaker = c.getConfig("circuit-breaker");
        requireKnown(breaker, "sample-gateway.circuit-breaker", Set.of("failure-threshold", "open-duration"));
        Config health = c.getConfig("upstream-health");
        requireKnown(health, "sample-gateway.upstream-health", Set.of("interval"));
        Config traffic = c.getConfig("traffic");
        requireKnown(traffic, "sample-gateway.traffic", Set.of("enabled", "rate"));
        return new GatewaySettings(c.getString("host"), port, c.getInt("threads"), c.getInt("max-connections"),
                c.getDuration("upstream-timeout"), logFormat, c.getBoolean("recording"), upstreams, routes, consumers,
                new CacheSettings(cache.getDuration("ttl"), cache.getInt("max-entries")),
                new BreakerSettings(breaker.getInt("failure-threshold"), breaker.getDuration("open-duration")),
                health.getDuration("interval"),
                new TrafficSettings(traffic.getBoolean("enabled"), traffic.getDouble("rate")));
    }

    private static void requireKnown(Config c, String path, Set<String> known) {
        for (Map.Entry<String, ConfigValue> e : c.root().entrySet()) {
            if (!known.contains(e.getKey())) {
                throw new ConfigException.BadPath(e.getValue().origin(), path + "." + e.getKey(),
                        "unknown setting; expected one of " + known);
            }
        }
    }

    private static String quote(String key) {
        return "\"" + key + "\"";
    }
}
