package io.gatewatch.sample.plugins.jsonfile;

import com.google.inject.AbstractModule;
import com.google.inject.Module;
import com.typesafe.config.Config;
import io.gatewatch.spi.Contributions;
import io.gatewatch.spi.GatewatchPlugin;
import io.gatewatch.spi.PluginContext;

/** A push exporter writing each interval as JSON lines to a file, for log-based pipelines. */
public final class JsonFilePlugin implements GatewatchPlugin {
    @Override
    public String name() {
        return "json-file";
    }

    @Override
    public String configPath() {
        return "exporters.json-file";
    }

    @Override
    public Module module(Config config, PluginContext context) {
        JsonFileSettings settings = JsonFileSettings.from(config);
        return new AbstractModule() {
            @Override
            protected void configure() {
                Contributions.pushExporters(binder()).addBinding()
                        .toInstance(new JsonFileExporter(settings, context.metricPrefix()));
            }
        };
    }
}
