package io.gatewatch.sample.gateway;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValueFactory;
import io.gatewatch.Gatewatch;
import io.gatewatch.api.GatewayMetrics;
import io.gatewatch.api.RouteMetrics;
import io.gatewatch.sample.gateway.GatewaySettings.ConsumerSettings;
import io.gatewatch.sample.gateway.GatewaySettings.RouteSettings;
import io.gatewatch.sample.gateway.GatewaySettings.UpstreamSettings;
import io.gatewatch.spi.Contributions;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.LoggerFactory;

/**
 * A small but real HTTP reverse proxy instrumented with gatewatch: routes, API-key auth with an
 * auth cache, per-consumer rate limits, a response cache, a circuit breaker and active health
 * checks per upstream, embedded upstream services, and optional built-in traffic.
 *
 * <pre>java -jar gatewatch-sample-gateway.jar [--traffic]</pre>
 */
public final class SampleGateway implements AutoCloseable {
    static {
        // The JDK's HTTP server writes a response's headers and body in separate segments and leaves
        // Nagle's algorithm on, so on a keep-alive connection every response waits for the client's
        // delayed ACK: about 40 ms per request, 700 requests/s at most. Read once, when the first
        // server is created; an explicit -Dsun.net.httpserver.nodelay still wins.
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
    }

    private final List<EmbeddedUpstream> embedded = new ArrayList<>();
    private final ScheduledExecutorService background = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "sample-gateway-health");
        t.setDaemon(true);
        return t;
    });
    private Gatewatch gatewatch;
    private FrontServer front;
    private TrafficGenerator traffic;

    /** Read by logback.xml; no dot, so it never shows up inside a configuration subtree. */
    static final String LOG_FORMAT_PROPERTY = "sample-gateway-log-format";
    static final String LOG_LEVEL_PROPERTY = "sample-gateway-log-level";

    public static void main(String[] args) throws IOException {
        boolean withTraffic = Arrays.asList(args).contains("--traffic");
        Config config;
        try {
            config = load(withTraffic);
        } catch (ConfigException e) {
            System.err.println("sample gateway: " + e.getMessage());
            System.exit(2);
            return;
        }
        configureLogging(config);
        SampleGateway gateway = new SampleGateway();
        try {
            gateway.start(config);
        } catch (ConfigException e) {
            // a configuration mistake is the user's to fix: say what and where, no stack trace
            System.err.println("sample gateway: " + e.getMessage());
            System.exit(2);
        }
        gateway.printBanner(config);
    }

    /**
     * Runs before the first logger is made: points logback at the sample's configuration (unless the
     * user names one with {@code -Dlogback.configurationFile}), which picks its encoder by
     * {@code sample-gateway.log-format}: a text pattern, or logstash-logback-encoder's JSON lines.
     */
    static void configureLogging(Config config) {
        String format = config.hasPath("sample-gateway.log-format") ? config.getString("sample-gateway.log-format") : "text";
        System.setProperty(LOG_FORMAT_PROPERTY, "json".equals(format) ? "json" : "text");
        if (config.hasPath("sample-gateway.log-level")) {
            System.setProperty(LOG_LEVEL_PROPERTY, config.getString("sample-gateway.log-level"));
        }
        if (System.getProperty("logback.configurationFile") == null) {
            System.setProperty("logback.configurationFile", "io/gatewatch/sample/gateway/logback.xml");
        }
    }

    /**
     * System properties over the user's file ({@code -Dconfig.file}) or application.conf, over the
     * sample's defaults, over every jar's reference.conf.
     */
    static Config load(boolean withTraffic) {
        Config defaults = ConfigFactory.parseResources(SampleGateway.class, "defaults.conf");
        Config application = ConfigFactory.defaultApplication();
        if (withTraffic) {
            application = ConfigFactory.parseMap(Map.of("sample-gateway.traffic.enabled", true)).withFallback(application);
        }
        return ConfigFactory.load(application.withFallback(defaults));
    }

    void start(Config config) throws IOException {
        GatewaySettings settings = GatewaySettings.from(config);
        Map<String, String> upstreamUrls = new LinkedHashMap<>();
        try {
            for (UpstreamSettings u : settings.upstreams().values()) {
                if (u.embedded()) {
                    EmbeddedUpstream upstream = new EmbeddedUpstream(u.name(), u.latency(), u.errorRate());
                    embedded.add(upstream);
                    upstreamUrls.put(u.name(), upstream.url());
                } else {
                    upstreamUrls.put(u.name(), u.url());
                }
            }
            // The front listener is a lifecycle inside gatewatch, so it starts before readiness turns
            // ready and stops right after the drain, before the final flush.
            gatewatch = Gatewatch.builder().config(withUpstreamTargets(config, upstreamUrls))
                    .addModule(new AbstractModule() {
                        @Override
                        protected void configure() {
                            Contributions.lifecycles(binder()).addBinding().to(FrontServer.class);
                        }

                        @Provides
                        @Singleton
                        FrontServer front(GatewayMetrics metrics) {
                            front = frontServer(settings, upstreamUrls, metrics);
                            return front;
                        }
                    })
                    .start();
            UpstreamHealthMonitor health = new UpstreamHealthMonitor(upstreamUrls, gatewatch.metrics(), 500);
            long every = settings.healthInterval().toMillis();
            background.scheduleWithFixedDelay(health::checkAll, 0, every, TimeUnit.MILLISECONDS);
            if (settings.traffic().enabled()) {
                List<String> keys = new ArrayList<>(settings.consumersByKey().keySet());
                traffic = new TrafficGenerator("http://127.0.0.1:" + front.boundPort(), keys, settings.routes());
                traffic.start(settings.traffic().rate());
            }
        } catch (RuntimeException | IOException e) {
            close();
            throw e;
        }
    }

    /** The front listener, port actually bound (useful when the configured port is 0). */
    int port() {
        return front.boundPort();
    }

    Gatewatch gatewatch() {
        return gatewatch;
    }

    private static FrontServer frontServer(GatewaySettings settings, Map<String, String> upstreamUrls,
                                           GatewayMetrics recorder) {
        GatewayMetrics metrics = settings.recording() ? recorder : new NoRecording(recorder.meters());
        List<Router.Route> routes = new ArrayList<>();
        Map<String, CircuitBreaker> breakers = new HashMap<>();
        long open = settings.breaker().openDuration().toNanos();
        for (RouteSettings r : settings.routes()) {
            CircuitBreaker breaker = breakers.computeIfAbsent(r.upstream(),
                    u -> new CircuitBreaker(settings.breaker().failureThreshold(), open, metrics.circuitBreaker(u)));
            ResponseCache cache = r.cache() ? new ResponseCache(settings.cache().ttl().toNanos(),
                    settings.cache().maxEntries(), metrics.cache("response")) : null;
            routes.add(new Router.Route(r, metrics.route(r.service(), r.route()), upstreamUrls.get(r.upstream()), breaker, cache));
        }
        Map<String, RateLimiter> limiters = new HashMap<>();
        Map<String, RouteMetrics.Consumer> consumers = new HashMap<>();
        long now = System.nanoTime();
        for (ConsumerSettings c : settings.consumersByKey().values()) {
            limiters.put(c.id(), new RateLimiter(c.rateLimit(), now));
            consumers.put(c.id(), metrics.consumer(c.id()));
        }
        ApiKeyAuth auth = new ApiKeyAuth(settings.consumersByKey(), metrics.auth("key-auth"),
                settings.cache().ttl().toNanos());
        // The JDK server closes connections idle for 30 s (sun.net.httpserver.idleInterval).
        ConnectionTracker connections = new ConnectionTracker(metrics.connections("http"), settings.maxConnections(),
                Duration.ofSeconds(30).toNanos());
        HttpClient client = HttpClient.newBuilder().connectTimeout(settings.upstreamTimeout())
                .version(HttpClient.Version.HTTP_1_1).build();
        ProxyHandler handler = new ProxyHandler(new Router(routes), metrics, auth, limiters, consumers, connections,
                client, settings.upstreamTimeout());
        return new FrontServer(settings.host(), settings.port(), settings.threads(), handler, connections);
    }

    private static Config withUpstreamTargets(Config config, Map<String, String> urls) {
        // Only when the sample plugin jar is on the classpath: its reference.conf declares the setting.
        if (!config.hasPath("gatewatch.checks.upstream-tcp")) {
            return config;
        }
        List<String> targets = new ArrayList<>();
        for (String url : urls.values()) {
            URI uri = URI.create(url);
            targets.add(uri.getHost() + ":" + (uri.getPort() > 0 ? uri.getPort() : 80));
        }
        return config.withValue("gatewatch.checks.upstream-tcp.targets", ConfigValueFactory.fromIterable(targets));
    }

    private void printBanner(Config config) {
        String status = config.hasPath("gatewatch.status.port") ? config.getString("gatewatch.status.port") : "(no status listener)";
        if ("json".equals(System.getProperty(LOG_FORMAT_PROPERTY))) {
            // JSON lines on stdout stay JSON lines: the banner becomes one structured event
            LoggerFactory.getLogger(SampleGateway.class).atInfo().addKeyValue("node_id", gatewatch.runtime().nodeId())
                    .addKeyValue("gateway_port", front.boundPort()).addKeyValue("status_port", status)
                    .log("sample gateway is up");
            return;
        }
        System.out.printf("%ngatewatch sample gateway is up (node %s)%n", gatewatch.runtime().nodeId());
        System.out.printf("  gateway:          http://localhost:%d/   try: curl -H 'X-API-Key: alice-key' localhost:%d/api/users/1%n",
                front.boundPort(), front.boundPort());
        System.out.printf("  status listener:  http://localhost:%s/   /health/ready  /health/live  /status  /metrics%n", status);
        System.out.printf("  Ctrl-C shuts down in order: readiness first, drain, final flush.%n%n");
    }

    @Override
    public void close() {
        if (traffic != null) {
            traffic.close();
        }
        if (gatewatch != null) {
            gatewatch.close();
        }
        background.shutdownNow();
        embedded.forEach(EmbeddedUpstream::close);
    }
}
