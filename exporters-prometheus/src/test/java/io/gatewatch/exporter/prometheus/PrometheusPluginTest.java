package io.gatewatch.exporter.prometheus;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Key;
import com.google.inject.TypeLiteral;
import com.typesafe.config.ConfigFactory;
import io.gatewatch.spi.Contributions;
import io.gatewatch.spi.GatewatchPlugin;
import io.gatewatch.spi.Lifecycle;
import io.gatewatch.spi.StatusRequest;
import io.gatewatch.spi.StatusResponse;
import io.gatewatch.spi.StatusRoute;
import io.gatewatch.testing.TestPluginContext;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PrometheusPluginTest {

    private static GatewatchPlugin discovered() {
        return ServiceLoader.load(GatewatchPlugin.class).stream().map(ServiceLoader.Provider::get)
                .filter(p -> p.name().equals("prometheus")).findFirst().orElseThrow();
    }

    private static Injector injector(String conf, TestPluginContext context) {
        GatewatchPlugin plugin = discovered();
        var config = ConfigFactory.parseString(conf).withFallback(ConfigFactory.parseResources("reference.conf"))
                .resolve().getConfig("gatewatch." + plugin.configPath());
        // core declares the contribution sets; here a stand-in does, so an empty set is injectable
        com.google.inject.Module core = binder -> {
            Contributions.statusRoutes(binder);
            Contributions.lifecycles(binder);
            binder.bind(Key.get(new TypeLiteral<Set<io.gatewatch.spi.ListenerHost>>() { }, io.gatewatch.spi.AllPlugins.class))
                    .toInstance(Set.of());
        };
        return Guice.createInjector(core, plugin.module(config, context));
    }

    @Test
    void discoveredThroughServiceLoaderUnderItsConfigPath() {
        GatewatchPlugin plugin = discovered();
        assertThat(plugin).isInstanceOf(PrometheusPlugin.class);
        assertThat(plugin.configPath()).isEqualTo("exporters.prometheus");
    }

    @Test
    void contributesMetricsRouteToTheStatusListenerByDefault() throws Exception {
        TestPluginContext context = Fixtures.context();
        context.store().gatewayMetrics().route("accounts", "get-user").record(io.gatewatch.api.HttpMethod.GET, 200,
                io.gatewatch.api.ResponseSource.UPSTREAM, 2_000_000L, 1_500_000L, 10, 20);
        Injector injector = injector("", context);
        Set<StatusRoute> routes = injector.getInstance(Key.get(new TypeLiteral<Set<StatusRoute>>() { }));
        assertThat(routes).hasSize(1);
        StatusRoute route = routes.iterator().next();
        assertThat(route.path()).isEqualTo("/metrics");
        assertThat(route.requiresAuth()).isTrue();

        StatusResponse response = route.handle(new StatusRequest("GET", "/metrics", Map.of(), Map.of()));
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.contentType()).isEqualTo("text/plain; version=0.0.4; charset=utf-8");
        assertThat(response.compressible()).isTrue();
        Exposition parsed = Exposition.parse(new String(response.body(), StandardCharsets.UTF_8));
        assertThat(parsed.value("gateway_requests_total", "route", "get-user", "status", "200")).isEqualTo(1.0);
        assertThat(parsed.value("gateway_request_duration_seconds_sum", "route", "get-user")).isEqualTo(0.002);

        StatusResponse om = route.handle(new StatusRequest("GET", "/metrics", Map.of(),
                Map.of("accept", "application/openmetrics-text; version=1.0.0")));
        assertThat(om.contentType()).startsWith("application/openmetrics-text; version=1.0.0");
        assertThat(new String(om.body(), StandardCharsets.UTF_8)).endsWith("# EOF\n");
    }

    @Test
    void hostDefaultRegistryIsExposedOnlyWhenConfigured() throws Exception {
        io.prometheus.client.Counter host = io.prometheus.client.Counter.build("host_batch_jobs_total", "Batch jobs")
                .register();
        try {
            host.inc(4);
            StatusRequest get = new StatusRequest("GET", "/metrics", Map.of(), Map.of());
            StatusRoute without = injector("", Fixtures.context())
                    .getInstance(Key.get(new TypeLiteral<Set<StatusRoute>>() { })).iterator().next();
            assertThat(new String(without.handle(get).body(), StandardCharsets.UTF_8)).doesNotContain("host_batch_jobs");
            StatusRoute with = injector("gatewatch.exporters.prometheus.include-default-registry = true", Fixtures.context())
                    .getInstance(Key.get(new TypeLiteral<Set<StatusRoute>>() { })).iterator().next();
            Exposition parsed = Exposition.parse(new String(with.handle(get).body(), StandardCharsets.UTF_8));
            assertThat(parsed.value("host_batch_jobs_total")).isEqualTo(4.0);
            assertThat(parsed.types).containsKey("gatewatch_build_info");
        } finally {
            io.prometheus.client.CollectorRegistry.defaultRegistry.unregister(host);
        }
    }

    @Test
    void ownPortIsALifecycleInsteadOfARoute() {
        Injector injector = injector("gatewatch.exporters.prometheus { port = 0, host = \"127.0.0.1\", path = \"/m\" }",
                Fixtures.context());
        assertThat(injector.getInstance(Key.get(new TypeLiteral<Set<StatusRoute>>() { }))).isEmpty();
        List<Lifecycle> lifecycles = List.copyOf(injector.getInstance(Key.get(new TypeLiteral<Set<Lifecycle>>() { })));
        assertThat(lifecycles).hasSize(1).first().isInstanceOf(OwnPortListener.class);
    }
}
