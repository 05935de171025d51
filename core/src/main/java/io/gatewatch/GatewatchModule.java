package io.gatewatch;

import com.google.inject.PrivateModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import com.typesafe.config.Config;
import io.gatewatch.api.GatewayMetrics;
import io.gatewatch.api.HealthView;
import io.gatewatch.api.Meters;
import io.gatewatch.spi.SnapshotSource;

/**
 * For gateways that already use Guice: install this module and inject {@link Gatewatch},
 * {@link GatewayMetrics}, {@link Meters}, {@link HealthView} or {@link SnapshotSource}.
 * Nothing else is exposed: plugins are wired in gatewatch's own injector, so their bindings
 * ({@code Set<PushExporter>}, internal classes) never meet the host's.
 *
 * <pre>{@code
 * Injector injector = Guice.createInjector(Stage.PRODUCTION, new GatewayModule(), new GatewatchModule());
 * GatewayMetrics metrics = injector.getInstance(GatewayMetrics.class);
 * ...
 * injector.getInstance(Gatewatch.class).close();
 * }</pre>
 *
 * <p>gatewatch starts when {@link Gatewatch} is first provided (at injector creation in the
 * production stage), never in {@code configure()}. The host closes it, or lets the shutdown
 * hook do so.
 */
public final class GatewatchModule extends PrivateModule {
    private final Config config;

    /** Uses the default configuration (application.conf, -Dconfig.file, reference.conf). */
    public GatewatchModule() {
        this(null);
    }

    /** Uses these settings over the reference defaults. */
    public GatewatchModule(Config config) {
        this.config = config;
    }

    @Override
    protected void configure() {
        expose(Gatewatch.class);
        expose(GatewayMetrics.class);
        expose(Meters.class);
        expose(HealthView.class);
        expose(SnapshotSource.class);
    }

    @Provides
    @Singleton
    Gatewatch gatewatch() {
        return config == null ? Gatewatch.start() : Gatewatch.start(config);
    }

    @Provides
    @Singleton
    GatewayMetrics metrics(Gatewatch gatewatch) {
        return gatewatch.metrics();
    }

    @Provides
    @Singleton
    Meters meters(Gatewatch gatewatch) {
        return gatewatch.meters();
    }

    @Provides
    @Singleton
    HealthView health(Gatewatch gatewatch) {
        return gatewatch.health();
    }

    @Provides
    @Singleton
    SnapshotSource snapshots(Gatewatch gatewatch) {
        return gatewatch::snapshot;
    }

    @Override
    public boolean equals(Object o) {
        // installing it twice (two host modules both depend on it) must not start two gatewatches
        return o instanceof GatewatchModule other && java.util.Objects.equals(config, other.config);
    }

    @Override
    public int hashCode() {
        return GatewatchModule.class.hashCode() * 31 + java.util.Objects.hashCode(config);
    }
}
