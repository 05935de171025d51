package io.gatewatch.vitals;

import com.google.inject.AbstractModule;
import com.google.inject.Module;
import com.typesafe.config.Config;
import io.gatewatch.spi.GatewatchPlugin;
import io.gatewatch.spi.PluginContext;
import io.gatewatch.vitals.internal.VitalsBindings;

/**
 * The vitals plugin: keeps 1-second points for the last hour and 1-minute points for the last day
 * in preallocated memory, and serves them on the status listener as JSON
 * ({@code /vitals/series}, {@code /vitals/summary}) and as a dashboard page ({@code /vitals}).
 *
 * <pre>{@code
 * gatewatch.vitals { fine-retention = 1h, coarse-retention = 25h, top-n = 20 }
 * }</pre>
 *
 * <p>Found through {@code META-INF/services/io.gatewatch.spi.GatewatchPlugin}; core calls
 * {@link #module} once at start-up when {@code gatewatch.vitals.enabled = true}. The routes need
 * the status listener (gatewatch-health-probes) on the classpath to be reachable.
 */
public final class VitalsPlugin implements GatewatchPlugin {

    @Override
    public String name() {
        return "vitals";
    }

    @Override
    public String configPath() {
        return "vitals";
    }

    @Override
    public Module module(Config config, PluginContext context) {
        VitalsSettings settings = VitalsSettings.from(config);
        return new AbstractModule() {
            @Override
            protected void configure() {
                if (!settings.enabled()) {
                    return;
                }
                bind(VitalsSettings.class).toInstance(settings);
                VitalsBindings.install(binder(), settings, context);
            }
        };
    }
}
