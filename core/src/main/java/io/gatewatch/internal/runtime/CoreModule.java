package io.gatewatch.internal.runtime;

import com.google.inject.AbstractModule;
import io.gatewatch.api.GatewayMetrics;
import io.gatewatch.internal.health.HealthRegistry;
import io.gatewatch.internal.store.MetricStore;
import io.gatewatch.spi.Contributions;
import io.gatewatch.spi.HealthReporter;
import io.gatewatch.spi.HealthView;
import io.gatewatch.spi.PluginContext;
import io.gatewatch.spi.RuntimeInfo;
import io.gatewatch.spi.SnapshotSource;

/**
 * What plugin classes may {@code @Inject}: the context and its parts, and the contribution sets
 * (declared here so they exist, empty, when no plugin contributes).
 */
final class CoreModule extends AbstractModule {
    private final PluginContext context;
    private final HealthRegistry health;
    private final MetricStore store;

    CoreModule(PluginContext context, HealthRegistry health, MetricStore store) {
        this.context = context;
        this.health = health;
        this.store = store;
    }

    @Override
    protected void configure() {
        bind(PluginContext.class).toInstance(context);
        bind(SnapshotSource.class).toInstance(context.snapshots());
        bind(RuntimeInfo.class).toInstance(context.runtime());
        bind(HealthView.class).toInstance(health);
        bind(HealthReporter.class).toInstance(context.health());
        // a provider, so the handle is only built when someone asks for it
        bind(GatewayMetrics.class).toProvider(store::gatewayMetrics);
        Contributions.pushExporters(binder());
        Contributions.lifecycles(binder());
        Contributions.metricSources(binder());
        Contributions.healthChecks(binder());
        Contributions.statusRoutes(binder());
        Contributions.requestListeners(binder());
    }
}
