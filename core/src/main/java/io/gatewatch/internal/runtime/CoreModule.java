package io.gatewatch.internal.runtime;

import com.google.inject.AbstractModule;
import com.google.inject.TypeLiteral;
import io.gatewatch.api.GatewayMetrics;
import io.gatewatch.api.HealthView;
import io.gatewatch.api.RuntimeInfo;
import io.gatewatch.internal.health.HealthRegistry;
import io.gatewatch.internal.store.MetricStore;
import io.gatewatch.spi.AllPlugins;
import io.gatewatch.spi.Contributions;
import io.gatewatch.spi.HealthReporter;
import io.gatewatch.spi.ListenerHost;
import io.gatewatch.spi.PluginContext;
import io.gatewatch.spi.SnapshotSource;
import io.gatewatch.spi.StatusRoute;
import java.util.Set;

/**
 * What plugin classes may {@code @Inject}: the context and its parts, and every plugin's routes and
 * listener hosts ({@code @AllPlugins Set<StatusRoute>}, {@code @AllPlugins Set<ListenerHost>}). The parent of every plugin's own injector; it declares no
 * contribution set, so each plugin's sets hold only its own contributions.
 */
final class CoreModule extends AbstractModule {
    private final PluginContext context;
    private final HealthRegistry health;
    private final MetricStore store;
    private final Set<StatusRoute> allRoutes;
    private final Set<ListenerHost> allListenerHosts;

    CoreModule(PluginContext context, HealthRegistry health, MetricStore store, Set<StatusRoute> allRoutes,
               Set<ListenerHost> allListenerHosts) {
        this.context = context;
        this.health = health;
        this.store = store;
        this.allRoutes = allRoutes;
        this.allListenerHosts = allListenerHosts;
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
        bind(new TypeLiteral<Set<StatusRoute>>() { }).annotatedWith(AllPlugins.class).toInstance(allRoutes);
        bind(new TypeLiteral<Set<ListenerHost>>() { }).annotatedWith(AllPlugins.class).toInstance(allListenerHosts);
    }

    /** Declared in each plugin's own injector, so its sets exist (empty) when it contributes nothing. */
    static final class ContributionSets extends AbstractModule {
        @Override
        protected void configure() {
            Contributions.pushExporters(binder());
            Contributions.lifecycles(binder());
            Contributions.metricSources(binder());
            Contributions.healthChecks(binder());
            Contributions.statusRoutes(binder());
            Contributions.requestListeners(binder());
            Contributions.listenerHosts(binder());
        }
    }
}
