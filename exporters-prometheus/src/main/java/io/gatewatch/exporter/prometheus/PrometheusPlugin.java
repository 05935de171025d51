package io.gatewatch.exporter.prometheus;

import com.google.inject.AbstractModule;
import com.google.inject.Key;
import com.google.inject.Provider;
import com.google.inject.TypeLiteral;
import com.google.inject.Module;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import com.typesafe.config.Config;
import io.gatewatch.spi.Contributions;
import io.gatewatch.spi.GatewatchPlugin;
import io.gatewatch.spi.AllPlugins;
import io.gatewatch.spi.Lifecycle;
import io.gatewatch.spi.ListenerHost;
import io.gatewatch.spi.StatusRoute;
import io.gatewatch.spi.PluginContext;
import io.prometheus.client.CollectorRegistry;
import java.util.Set;

/**
 * The Prometheus exporter: serves {@code /metrics} on the status listener, or on a port of its own
 * when {@code gatewatch.exporters.prometheus.port} is set (served by the status listener's code
 * through {@link ListenerHost}). Found through
 * {@code META-INF/services/io.gatewatch.spi.GatewatchPlugin}; see {@link PrometheusSettings}.
 *
 * <p>Scrapes read a fresh snapshot on the scraper's thread: nothing is stored twice and the
 * gateway's recording path is not involved.
 */
public final class PrometheusPlugin implements GatewatchPlugin {
    static final String CONFIG_PATH = "exporters.prometheus";

    @Override
    public String name() {
        return "prometheus";
    }

    @Override
    public String configPath() {
        return CONFIG_PATH;
    }

    /**
     * Validates the settings and declares the route (or the own port's listener). The endpoint,
     * its self-metrics and its health component are made when the injector is built, the port is
     * opened in the listener's {@code start()}: declaring the module creates nothing.
     */
    @Override
    public Module module(Config config, PluginContext context) {
        PrometheusSettings settings = PrometheusSettings.from(config, "gatewatch." + CONFIG_PATH);
        return new AbstractModule() {
            @Override
            protected void configure() {
                Provider<MetricsEndpoint> endpoint = getProvider(MetricsEndpoint.class);
                if (settings.port().isPresent()) {
                    // the status listener plugin's offer, gathered from every plugin: read at start()
                    Provider<Set<ListenerHost>> hosts = getProvider(Key.get(new TypeLiteral<Set<ListenerHost>>() { },
                            AllPlugins.class));
                    Contributions.lifecycles(binder()).addBinding().toProvider((Provider<Lifecycle>)
                            () -> new OwnPortListener(settings, new MetricsRoute(settings.path(), endpoint.get()),
                                    () -> hosts.get().stream().findFirst()));
                } else {
                    Contributions.statusRoutes(binder()).addBinding().toProvider((Provider<StatusRoute>)
                            () -> new MetricsRoute(settings.path(), endpoint.get()));
                }
            }

            @Provides
            @Singleton
            MetricsEndpoint endpoint() {
                return new MetricsEndpoint(context.snapshots(), context.metricPrefix(),
                        settings.includeDefaultRegistry() ? CollectorRegistry.defaultRegistry : null,
                        new ScrapeMetrics(context.selfMetrics()),
                        context.health().component("exporter:" + ScrapeMetrics.EXPORTER), context::nanoTime);
            }
        };
    }
}
