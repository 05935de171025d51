package io.gatewatch.exporter.prometheus;

import com.google.inject.AbstractModule;
import com.google.inject.Key;
import com.google.inject.Provider;
import com.google.inject.Module;
import com.typesafe.config.Config;
import io.gatewatch.spi.Contributions;
import io.gatewatch.spi.GatewatchPlugin;
import io.gatewatch.spi.ListenerHost;
import io.gatewatch.spi.PluginContext;
import io.prometheus.client.CollectorRegistry;
import java.util.Optional;

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

    @Override
    public Module module(Config config, PluginContext context) {
        PrometheusSettings settings = PrometheusSettings.from(config, "gatewatch." + CONFIG_PATH);
        MetricsEndpoint endpoint = new MetricsEndpoint(context.snapshots(), context.metricPrefix(),
                settings.includeDefaultRegistry() ? CollectorRegistry.defaultRegistry : null,
                new ScrapeMetrics(context.selfMetrics()),
                context.health().component("exporter:" + ScrapeMetrics.EXPORTER), context::nanoTime);
        return new AbstractModule() {
            @Override
            protected void configure() {
                if (settings.port().isPresent()) {
                    Contributions.listenerHost(binder());
                    Provider<Optional<ListenerHost>> host = getProvider(new Key<Optional<ListenerHost>>() { });
                    Contributions.lifecycles(binder()).addBinding().toInstance(
                            new OwnPortListener(settings, new MetricsRoute(settings.path(), endpoint), host::get));
                } else {
                    Contributions.statusRoutes(binder()).addBinding().toInstance(new MetricsRoute(settings.path(), endpoint));
                }
            }
        };
    }
}
