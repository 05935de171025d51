package io.gatewatch.probes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.inject.AbstractModule;
import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Key;
import com.google.inject.Stage;
import com.google.inject.TypeLiteral;
import com.typesafe.config.ConfigException;
import io.gatewatch.api.HealthView;
import io.gatewatch.api.RuntimeInfo;
import io.gatewatch.spi.GatewatchPlugin;
import io.gatewatch.spi.Lifecycle;
import io.gatewatch.spi.PluginContext;
import io.gatewatch.spi.StatusResponse;
import io.gatewatch.spi.StatusRoute;
import io.gatewatch.testing.TestPluginContext;
import io.gatewatch.testing.TestRuntime;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.ServiceLoader;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The plugin as core wires it: found by ServiceLoader, its module installed beside core's
 * bindings and another plugin's route, its lifecycle started and stopped.
 */
class PluginDiscoveryIT {

    private static GatewatchPlugin discover() {
        List<GatewatchPlugin> found = ServiceLoader.load(GatewatchPlugin.class).stream()
                .map(ServiceLoader.Provider::get).filter(p -> p.name().equals("status")).toList();
        assertThat(found).hasSize(1);
        return found.get(0);
    }

    @Test
    void serviceLoaderFindsTheStatusPlugin() {
        GatewatchPlugin plugin = discover();
        assertThat(plugin.configPath()).isEqualTo("status");
        assertThat(plugin).isInstanceOf(StatusPlugin.class);
    }

    @Test
    void theModuleBindsALifecycleThatServesProbesAndContributedRoutes() throws Exception {
        FakeHealth health = new FakeHealth();
        TestRuntime runtime = new TestRuntime();
        TestPluginContext context = TestPluginContext.standalone().runtime(runtime);
        GatewatchPlugin plugin = discover();
        com.google.inject.Module status = plugin.module(ServerFixture.config(""), context);
        Injector injector = Guice.createInjector(Stage.PRODUCTION, status, new AbstractModule() {
            @Override
            protected void configure() {
                // what core binds for every plugin
                bind(HealthView.class).toInstance(health);
                bind(RuntimeInfo.class).toInstance(runtime);
                bind(PluginContext.class).toInstance(context);
                // another plugin's route, among every plugin's routes that core gathers
                bind(new TypeLiteral<Set<StatusRoute>>() { }).annotatedWith(io.gatewatch.spi.AllPlugins.class)
                        .toInstance(Set.of(new StatusRoute() {
                    public String path() {
                        return "/metrics";
                    }

                    public StatusResponse handle(io.gatewatch.spi.StatusRequest request) {
                        return StatusResponse.text(200, "up 1\n");
                    }
                }));
            }
        });
        Set<Lifecycle> lifecycles = injector.getInstance(Key.get(new TypeLiteral<Set<Lifecycle>>() { }));
        assertThat(lifecycles).hasSize(1);
        Lifecycle listener = lifecycles.iterator().next();
        assertThat(listener.name()).isEqualTo("status-listener");
        assertThat(listener.stopPhase()).isEqualTo(Lifecycle.StopPhase.AFTER_FLUSH);
        listener.start();
        try {
            InetSocketAddress address = ((io.gatewatch.probes.internal.StatusServer) listener).address();
            assertThat(RawHttp.get(address, "/health/ready").status()).isEqualTo(200);
            assertThat(RawHttp.get(address, "/metrics").body()).isEqualTo("up 1\n");
            assertThat(context.health().all()).containsExactly("status-listener ok: listening on 127.0.0.1:" + address.getPort());
        } finally {
            listener.stop();
            listener.stop();
        }
    }

    @Test
    void invalidSettingsFailInModuleBeforeAnythingRuns() {
        TestPluginContext context = TestPluginContext.standalone();
        assertThatThrownBy(() -> discover().module(ServerFixture.config("gatewatch.status.prot = 1"), context))
                .isInstanceOf(ConfigException.ValidationFailed.class)
                .hasMessageContaining("gatewatch.status.prot");
        assertThat(context.threads()).isEmpty();
    }

    @Test
    void aPortInUseFailsStartWithTheAddress() throws Exception {
        try (ServerFixture first = new ServerFixture("")) {
            int port = first.address().getPort();
            TestRuntime runtime = new TestRuntime();
            var second = new io.gatewatch.probes.internal.StatusServer(
                    ServerFixture.settings("gatewatch.status.port = " + port), new FakeHealth(), runtime, Set.of(),
                    TestPluginContext.standalone().runtime(runtime));
            assertThatThrownBy(second::start).hasMessageContaining("127.0.0.1:" + port);
            second.stop();
        }
    }
}
