package io.gatewatch.testing;

import com.google.inject.Inject;
import com.google.inject.Module;
import com.google.inject.util.Modules;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import io.gatewatch.Gatewatch;
import io.gatewatch.api.GatewayMetrics;
import io.gatewatch.api.HealthView;
import io.gatewatch.api.HealthView.ComponentHealth;
import io.gatewatch.api.Meters;
import io.gatewatch.snapshot.Snapshot;
import io.gatewatch.spi.AllPlugins;
import io.gatewatch.spi.Contributions;
import io.gatewatch.spi.GatewatchPlugin;
import io.gatewatch.spi.HealthCheck;
import io.gatewatch.spi.HealthResult;
import io.gatewatch.spi.Lifecycle;
import io.gatewatch.spi.PluginContext;
import io.gatewatch.spi.PushExporter;
import io.gatewatch.spi.StatusRequest;
import io.gatewatch.spi.StatusResponse;
import io.gatewatch.spi.StatusRoute;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Runs one plugin inside a real gatewatch, the way a gateway would, for the plugin author's tests:
 * configured from a HOCON string (merged over the plugin's {@code reference.conf}), over the real
 * metric store, with a manual clock. Only public gatewatch types appear here.
 *
 * <pre>{@code
 * try (PluginHarness gw = PluginHarness.start(new HelloPlugin(), """
 *         gatewatch.exporters.hello { enabled = true, interval = 1h }
 *         """)) {
 *     gw.metrics().route("users", "get-user").record(HttpMethod.GET, 200, ResponseSource.UPSTREAM,
 *             2_000_000, 1_500_000, 0, 512);
 *     gw.clock().advance(Duration.ofSeconds(10));
 *     gw.export("hello");                                    // one export, on this thread
 *     assertThat(gw.component("exporter:hello")).isPresent();
 *     StatusResponse metrics = gw.get("/metrics");           // any plugin's route
 * }
 * }</pre>
 *
 * <p>Core's own scheduling still runs (push exporters every interval, checks every interval, on
 * real time): give exporters a long interval in the test's config and drive them with {@link
 * #export}, so the test decides when an export happens. The plugin is handed in directly, so its
 * {@code META-INF/services} file is not needed (a test of that file belongs in an integration
 * test that starts the gateway with the jar). Shutdown hook off, no drain delay, no JVM metrics.
 */
public final class PluginHarness implements AutoCloseable {
    private static final String QUIET = "gatewatch { shutdown-hook = false, status.drain-delay = 0s, metrics.jvm = false }";

    private final Gatewatch gatewatch;
    private final ManualClock clock;
    private final Capture capture;

    private PluginHarness(Gatewatch gatewatch, ManualClock clock, Capture capture) {
        this.gatewatch = gatewatch;
        this.clock = clock;
        this.capture = capture;
    }

    /**
     * Starts gatewatch with {@code plugin} and the settings in {@code hocon} (origin {@code test.conf},
     * so problems name {@code test.conf:LINE}).
     *
     * @throws com.typesafe.config.ConfigException or gatewatch's configuration exception when the
     *         settings are invalid, exactly as a gateway would see it
     */
    public static PluginHarness start(GatewatchPlugin plugin, String hocon) {
        ManualClock clock = new ManualClock(1_700_000_000_000L);
        Capture capture = new Capture();
        Config config = ConfigFactory.parseString(hocon, ConfigParseOptions.defaults().setOriginDescription("test.conf"))
                .withFallback(ConfigFactory.parseString(QUIET));
        Gatewatch gatewatch = Gatewatch.builder().config(config).clock(clock)
                .addPlugin(new Capturing(plugin, capture)).start();
        return new PluginHarness(gatewatch, clock, capture);
    }

    /** The recording API, as the gateway uses it. */
    public GatewayMetrics metrics() {
        return gatewatch.metrics();
    }

    /** Custom meters, as the gateway registers them. */
    public Meters meters() {
        return gatewatch.meters();
    }

    /** The clock every timestamp and health record reads; advance it by hand. */
    public ManualClock clock() {
        return clock;
    }

    /** A fresh snapshot of every metric, the plugin's sources included. */
    public Snapshot snapshot() {
        return gatewatch.snapshot();
    }

    public HealthView health() {
        return gatewatch.health();
    }

    /** The named health component ({@code exporter:hello}, a check's name), if shown. */
    public Optional<ComponentHealth> component(String name) {
        return gatewatch.health().components().stream().filter(c -> c.name().equals(name)).findFirst();
    }

    /**
     * Runs the named push exporter's {@code export} once with a fresh snapshot, on the calling
     * thread. Do not let core's schedule run it at the same time (give it a long interval).
     *
     * @throws Exception whatever the export throws
     */
    public void export(String exporterName) throws Exception {
        PushExporter exporter = capture.exporters.stream().filter(e -> e.name().equals(exporterName)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no push exporter named '" + exporterName
                        + "'; the plugin contributes " + capture.exporters.stream().map(PushExporter::name).toList()));
        exporter.export(gatewatch.snapshot());
    }

    /**
     * Runs the named health check once on the calling thread and returns what it found, without
     * waiting for core's schedule (which keeps running its own checks on real time, so the
     * component's status in {@link #component} may move on its own).
     *
     * @throws Exception whatever the check throws
     */
    public HealthResult check(String checkName) throws Exception {
        HealthCheck check = capture.checks.stream().filter(c -> c.name().equals(checkName)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no health check named '" + checkName
                        + "'; the plugin contributes " + capture.checks.stream().map(HealthCheck::name).toList()));
        return check.check();
    }

    /** Answers a GET of {@code path} (query included) through the status route that serves it, as the listener would. */
    public StatusResponse get(String path) throws Exception {
        int q = path.indexOf('?');
        String bare = q < 0 ? path : path.substring(0, q);
        Map<String, List<String>> query = new java.util.LinkedHashMap<>();
        if (q >= 0) {
            for (String pair : path.substring(q + 1).split("&")) {
                int eq = pair.indexOf('=');
                query.computeIfAbsent(eq < 0 ? pair : pair.substring(0, eq), k -> new java.util.ArrayList<>())
                        .add(eq < 0 ? "" : pair.substring(eq + 1));
            }
        }
        for (StatusRoute route : capture.routes) {
            if (route.path().equals(bare) || (route.prefix() && bare.startsWith(route.path()))) {
                return route.handle(new StatusRequest("GET", bare, query, Map.of()));
            }
        }
        throw new IllegalArgumentException("no status route serves " + bare + "; routes: "
                + capture.routes.stream().map(StatusRoute::path).toList());
    }

    /** Shuts gatewatch down in order: final export, flush and close of every exporter included. */
    @Override
    public void close() {
        gatewatch.close();
    }

    /** What the harness reads from inside the plugin's own injector. */
    static final class Capture {
        volatile Set<PushExporter> exporters = Set.of();
        volatile Set<HealthCheck> checks = Set.of();
        volatile Set<StatusRoute> routes = Set.of();
    }

    /** The plugin, plus a lifecycle in its injector that hands the harness its exporters and every route. */
    private record Capturing(GatewatchPlugin plugin, Capture capture) implements GatewatchPlugin {
        @Override
        public String name() {
            return plugin.name();
        }

        @Override
        public String configPath() {
            return plugin.configPath();
        }

        @Override
        public Module module(Config config, PluginContext context) {
            Module own = plugin.module(config, context);
            return Modules.combine(own, binder -> {
                binder.bind(Capture.class).toInstance(capture);
                Contributions.healthChecks(binder);   // declared, so a plugin without checks still injects an empty set
                Contributions.lifecycles(binder).addBinding().to(CaptureLifecycle.class);
            });
        }
    }

    static final class CaptureLifecycle implements Lifecycle {
        private final Capture capture;
        private final Set<PushExporter> exporters;
        private final Set<StatusRoute> routes;
        private final Set<HealthCheck> checks;

        @Inject
        CaptureLifecycle(Capture capture, Set<PushExporter> exporters, @AllPlugins Set<StatusRoute> routes,
                         Set<HealthCheck> checks) {
            this.capture = capture;
            this.exporters = exporters;
            this.routes = routes;
            this.checks = checks;
        }

        @Override
        public String name() {
            return "plugin-harness";
        }

        @Override
        public void start() {
            capture.exporters = Set.copyOf(exporters);
            capture.routes = Set.copyOf(routes);
            capture.checks = Set.copyOf(checks);
        }

        @Override
        public void stop() {
        }
    }

}
