package io.gatewatch.exporter.datadog;

import com.google.inject.AbstractModule;
import com.google.inject.Module;
import com.typesafe.config.Config;
import io.gatewatch.api.RuntimeInfo;
import io.gatewatch.spi.Contributions;
import io.gatewatch.spi.GatewatchPlugin;
import io.gatewatch.spi.PluginContext;
import java.util.SplittableRandom;

/**
 * The Datadog exporter plugin: {@code gatewatch.exporters.datadog}, found through
 * {@code META-INF/services/io.gatewatch.spi.GatewatchPlugin}.
 *
 * <pre>{@code
 * gatewatch.exporters.datadog { enabled = true, api-key = ${?DD_API_KEY}, site = "datadoghq.eu" }
 * }</pre>
 *
 * {@link #module} validates the settings and declares the exporter and its status check; it
 * opens no connection (the HTTP client is built on the first send).
 */
public final class DatadogPlugin implements GatewatchPlugin {
    public static final String CONFIG_PATH = "exporters.datadog";

    @Override
    public String name() {
        return "datadog";
    }

    @Override
    public String configPath() {
        return CONFIG_PATH;
    }

    @Override
    public Module module(Config config, PluginContext context) {
        DatadogSettings settings = DatadogSettings.from(config, "gatewatch." + CONFIG_PATH);
        SplittableRandom random = new SplittableRandom();
        DatadogExporter exporter = new DatadogExporter(settings, new ApiClientSender(settings, context.clock()),
                context.clock(), Sleeper.SYSTEM, random::nextDouble, () -> shuttingDown(context), context.selfMetrics(),
                context.metricPrefix(), new PayloadBuilder());
        return new AbstractModule() {
            @Override
            protected void configure() {
                Contributions.pushExporters(binder()).addBinding().toInstance(exporter);
                Contributions.healthChecks(binder()).addBinding().toInstance(new DatadogHealthCheck(exporter));
                Contributions.lifecycles(binder()).addBinding().toInstance(new ClientPreparation(exporter));
            }
        };
    }

    private static boolean shuttingDown(PluginContext context) {
        RuntimeInfo.State state = context.runtime().state();
        return state == RuntimeInfo.State.DRAINING || state == RuntimeInfo.State.STOPPED;
    }
}
