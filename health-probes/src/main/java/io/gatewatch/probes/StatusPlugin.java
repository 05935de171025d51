package io.gatewatch.probes;

import com.google.inject.AbstractModule;
import com.google.inject.Module;
import com.google.inject.Singleton;
import com.typesafe.config.Config;
import io.gatewatch.probes.internal.PluginListeners;
import io.gatewatch.probes.internal.StatusServer;
import io.gatewatch.spi.Contributions;
import io.gatewatch.spi.GatewatchPlugin;
import io.gatewatch.spi.PluginContext;

/**
 * The status listener plugin: liveness, readiness and startup probes, {@code /status}, and the
 * routes other plugins contribute, on a port of its own ({@code gatewatch.status}); and the
 * listeners other plugins ask for through {@link io.gatewatch.spi.ListenerHost}, on the same code.
 *
 * <pre>{@code
 * gatewatch.status { port = 8051, auth.bearer-token = ${?STATUS_TOKEN} }
 * }</pre>
 *
 * <p>Found through {@code META-INF/services/io.gatewatch.spi.GatewatchPlugin}; core calls
 * {@link #module} once, at start-up, when {@code gatewatch.status.enabled = true}.
 */
public final class StatusPlugin implements GatewatchPlugin {

    @Override
    public String name() {
        return "status";
    }

    @Override
    public String configPath() {
        return "status";
    }

    @Override
    public Module module(Config config, PluginContext context) {
        StatusSettings settings = StatusSettings.from(config);
        return new AbstractModule() {
            @Override
            protected void configure() {
                bind(StatusSettings.class).toInstance(settings);
                if (settings.enabled()) {
                    bind(StatusServer.class).in(Singleton.class);
                    Contributions.lifecycles(binder()).addBinding().to(StatusServer.class);
                    // listeners of other plugins' own (the Prometheus exporter's port) run on the same code
                    Contributions.listenerHosts(binder()).addBinding().to(PluginListeners.class).in(Singleton.class);
                }
            }
        };
    }
}
