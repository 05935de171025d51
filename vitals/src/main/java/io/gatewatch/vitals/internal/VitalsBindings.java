package io.gatewatch.vitals.internal;

import com.google.inject.Binder;
import io.gatewatch.spi.Contributions;
import io.gatewatch.spi.PluginContext;
import io.gatewatch.spi.StatusRoute;
import io.gatewatch.vitals.VitalsSettings;
import java.util.UUID;

/**
 * What the vitals plugin contributes: this node's history and its sampler, the routes, and with
 * {@code store = postgres} the shared store's writer (its own thread) and the cluster reader.
 */
public final class VitalsBindings {
    private VitalsBindings() {
    }

    public static void install(Binder binder, VitalsSettings settings, PluginContext context) {
        VitalsHistory history;
        VitalsRoutes routes;
        if (settings.shared()) {
            PostgresStore store = new PostgresStore(settings.postgres());
            UUID nodeId = UUID.randomUUID();
            SharedStoreWriter writer = new SharedStoreWriter(store, nodeId,
                    () -> new SharedStoreWriter.NodeIdentity(context.runtime().nodeId(),
                            SharedStoreWriter.NodeIdentity.localHostname(), context.runtime().version()),
                    context.clock(), context.threadFactory("vitals-store"), context.health().component("vitals-store"),
                    context.selfMetrics(),
                    new RetentionCleaner(store, settings.fineRetention(), settings.coarseRetention(), context.clock()));
            history = new VitalsHistory(settings, writer);
            Contributions.lifecycles(binder).addBinding().toInstance(writer);
            routes = new VitalsRoutes(history, context.clock(), () -> context.runtime().nodeId(),
                    new ClusterReader(store, settings.topN()), nodeId);
        } else {
            history = new VitalsHistory(settings);   // allocates its rings in start()
            routes = new VitalsRoutes(history, context.clock(), () -> context.runtime().nodeId());
        }
        binder.bind(VitalsHistory.class).toInstance(history);
        Contributions.lifecycles(binder).addBinding().toInstance(new VitalsSampler(history,
                context.snapshots(), context.clock(), context.threadFactory("vitals"),
                context.health().component("vitals")));
        for (StatusRoute route : routes.routes()) {
            Contributions.statusRoutes(binder).addBinding().toInstance(route);
        }
    }
}
