package io.gatewatch.vitals;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Key;
import com.google.inject.util.Types;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import io.gatewatch.Gatewatch;
import io.gatewatch.api.HealthStatus;
import io.gatewatch.api.HealthView;
import io.gatewatch.api.HttpMethod;
import io.gatewatch.api.ResponseSource;
import io.gatewatch.api.RouteMetrics;
import io.gatewatch.internal.store.MetricStore;
import io.gatewatch.internal.store.StoreSettings;
import io.gatewatch.spi.GatewatchPlugin;
import io.gatewatch.spi.Lifecycle;
import io.gatewatch.spi.StatusRequest;
import io.gatewatch.spi.StatusResponse;
import io.gatewatch.spi.StatusRoute;
import io.gatewatch.testing.Json;
import io.gatewatch.testing.TestPluginContext;
import io.gatewatch.testing.TestRuntime;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.stream.Collectors;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

class VitalsPluginTest {
    /** Fast shutdown, no hook, and the status listener (on the test classpath) on any free loopback port. */
    private static final String FAST = "gatewatch { shutdown-hook = false, status.drain-delay = 0s, metrics.jvm = false,"
            + " status { host = \"127.0.0.1\", port = 0 } }\n";

    private static com.typesafe.config.Config user(String conf) {
        return ConfigFactory.parseString(FAST + conf, ConfigParseOptions.defaults().setOriginDescription("test.conf"));
    }

    @Test
    void foundThroughServiceLoader() {
        List<String> names = ServiceLoader.load(GatewatchPlugin.class).stream().map(p -> p.get().name()).toList();
        assertThat(names).contains("vitals");
        GatewatchPlugin vitals = ServiceLoader.load(GatewatchPlugin.class).stream().map(ServiceLoader.Provider::get)
                .filter(p -> p.name().equals("vitals")).findFirst().orElseThrow();
        assertThat(vitals.configPath()).isEqualTo("vitals");
    }

    @Test
    void gatewatchStartsTheSamplerAndReportsItsHealth() throws Exception {
        try (Gatewatch gatewatch = Gatewatch.builder().config(user("")).start()) {
            RouteMetrics route = gatewatch.metrics().route("accounts", "get-user");
            route.record(HttpMethod.GET, 200, ResponseSource.UPSTREAM, 3_000_000, 2_000_000, 10, 10);
            // the first sample comes within about a second of start; a busy machine may take longer
            HealthView.ComponentHealth vitals = Awaitility.await("the vitals component reports healthy")
                    .atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50))
                    .until(() -> gatewatch.health().components().stream().filter(c -> c.name().equals("vitals"))
                            .findFirst().orElse(null), c -> c != null && c.status() == HealthStatus.HEALTHY);
            assertThat(vitals).as("the sampler reports to the health registry once it sampled").isNotNull();
            assertThat(vitals.status()).isEqualTo(HealthStatus.HEALTHY);
            assertThat(vitals.records()).extracting(HealthView.HealthRecord::message).contains("sampling every second");
        }
    }

    @Test
    void aBadSettingFailsStartWithItsPathAndLine() {
        assertThatThrownBy(() -> Gatewatch.builder().config(user("gatewatch.vitals {\n  top-n = 0\n}")).start())
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("gatewatch.vitals.top-n")
                .hasMessageContaining("must be between 1 and 1000, got 0")
                .hasMessageContaining("test.conf:3: gatewatch.vitals.top-n");
    }

    @Test
    void moduleContributesTheRoutesAndTheSampler() throws Exception {
        TestPluginContext context = context("node-7");
        Injector injector = Guice.createInjector(new VitalsPlugin().module(
                ConfigFactory.defaultReference().getConfig("gatewatch.vitals"), context));
        Set<StatusRoute> routes = routes(injector);
        assertThat(routes.stream().map(r -> r.path() + (r.prefix() ? "/*" : "")).collect(Collectors.toSet()))
                .containsExactlyInAnyOrder("/vitals", "/vitals/series", "/vitals/summary", "/vitals/nodes", "/vitals/assets/*");
        assertThat(routes).allMatch(StatusRoute::requiresAuth);
        @SuppressWarnings("unchecked")
        Set<Lifecycle> lifecycles = (Set<Lifecycle>) injector.getInstance(Key.get(Types.setOf(Lifecycle.class)));
        assertThat(lifecycles).extracting(Lifecycle::name).containsExactly("vitals");

        StatusResponse page = get(routes, "/vitals", Map.of());
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.contentType()).startsWith("text/html");
        assertThat(text(page)).contains("<script src=\"vitals/assets/chart.umd.js\"></script>")
                .contains("data-frame-button=\"24h\"").doesNotContain("http://").doesNotContain("https://");
        assertThat(page.headers().get("Content-Security-Policy")).contains("script-src 'self'");

        StatusResponse chart = get(routes, "/vitals/assets/chart.umd.js", Map.of());
        assertThat(chart.status()).isEqualTo(200);
        assertThat(chart.contentType()).startsWith("application/javascript");
        assertThat(text(chart)).startsWith("/*!\n * Chart.js v4.4.1");
        assertThat(get(routes, "/vitals/assets/vitals.js", Map.of()).status()).isEqualTo(200);
        assertThat(get(routes, "/vitals/assets/nope.js", Map.of()).status()).isEqualTo(404);

        StatusResponse bad = get(routes, "/vitals/series", Map.of("metric", List.of("latency"), "resolution", List.of("10s")));
        assertThat(bad.status()).isEqualTo(400);
        assertThat(Json.plainObject(text(bad))).containsEntry("status", 400L)
                .containsEntry("error", "resolution must be 1s or 1m, got '10s'");

        StatusResponse summary = get(routes, "/vitals/summary", Map.of());
        Map<String, Object> doc = Json.plainObject(text(summary));
        assertThat(doc).containsEntry("nodeId", "node-7").containsEntry("topN", 20L);
        assertThat(doc.get("windows")).asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP)
                .containsKeys("1m", "5m", "1h", "24h");
    }

    @Test
    void disabledContributesNothing() {
        Injector injector = Guice.createInjector(new VitalsPlugin().module(
                ConfigFactory.parseString("enabled = false").withFallback(
                        ConfigFactory.defaultReference().getConfig("gatewatch.vitals")), context("n")));
        assertThat(injector.getExistingBinding(Key.get(Types.setOf(StatusRoute.class)))).isNull();
    }

    /** What core would hand the plugin on this node: a context over a real store, without JVM metrics. */
    private static TestPluginContext context(String nodeId) {
        return TestPluginContext.over(new MetricStore(StoreSettings.defaults(nodeId).withJvmMetrics(false)))
                .runtime(new TestRuntime(nodeId));
    }

    @SuppressWarnings("unchecked")
    private static Set<StatusRoute> routes(Injector injector) {
        return (Set<StatusRoute>) injector.getInstance(Key.get(Types.setOf(StatusRoute.class)));
    }

    private static StatusResponse get(Set<StatusRoute> routes, String path, Map<String, List<String>> query) throws Exception {
        StatusRoute best = null;
        for (StatusRoute r : routes) {
            if ((r.path().equals(path) || (r.prefix() && path.startsWith(r.path() + "/")))
                    && (best == null || r.path().length() > best.path().length())) {
                best = r;
            }
        }
        assertThat(best).as("route for " + path).isNotNull();
        return best.handle(new StatusRequest("GET", path, query, Map.of()));
    }

    private static String text(StatusResponse response) {
        return new String(response.body(), StandardCharsets.UTF_8);
    }
}
