package io.gatewatch.exporter.statsd;

import com.google.inject.AbstractModule;
import com.google.inject.Module;
import com.typesafe.config.Config;
import io.gatewatch.spi.Contributions;
import io.gatewatch.spi.GatewatchPlugin;
import io.gatewatch.spi.PluginContext;

/**
 * The StatsD exporter plugin: {@code gatewatch.exporters.statsd { enabled = true }} pushes every
 * metric to a StatsD, DogStatsD or Telegraf daemon. Found through
 * {@code META-INF/services/io.gatewatch.spi.GatewatchPlugin}.
 */
public final class StatsdPlugin implements GatewatchPlugin {

    @Override
    public String name() {
        return "statsd";
    }

    @Override
    public String configPath() {
        return "exporters.statsd";
    }

    /** Validates the settings and binds the exporter; opens no socket (the first send does). */
    @Override
    public Module module(Config config, PluginContext context) {
        StatsdSettings settings = StatsdSettings.from(config);
        return new AbstractModule() {
            @Override
            protected void configure() {
                Contributions.pushExporters(binder()).addBinding().toInstance(new StatsdExporter(settings, context));
            }
        };
    }
}
