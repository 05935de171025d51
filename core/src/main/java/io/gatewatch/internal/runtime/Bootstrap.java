package io.gatewatch.internal.runtime;

import com.google.inject.CreationException;
import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Key;
import com.google.inject.Module;
import com.google.inject.ProvisionException;
import com.google.inject.Stage;
import com.google.inject.TypeLiteral;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigValueType;
import io.gatewatch.internal.config.ConfigErrors;
import io.gatewatch.internal.config.ConfigLoader;
import io.gatewatch.internal.config.ConfigProblem;
import io.gatewatch.internal.config.CoreSettings;
import io.gatewatch.internal.config.GatewatchConfigException;
import io.gatewatch.internal.config.UnknownKeys;
import io.gatewatch.internal.health.HealthRegistry;
import io.gatewatch.internal.store.MetricStore;
import io.gatewatch.internal.store.StoreSettings;
import io.gatewatch.snapshot.Labels;
import io.gatewatch.spi.GatewatchPlugin;
import io.gatewatch.spi.HealthCheck;
import io.gatewatch.spi.Lifecycle;
import io.gatewatch.spi.MetricSource;
import io.gatewatch.spi.RequestListener;
import io.gatewatch.spi.PushExporter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.stream.Collectors;

/**
 * Start-up, outside any Guice module: load and validate config, discover plugins, let the
 * enabled ones declare their modules, build the injector, then start what it produced. Every
 * config problem (core's and every plugin's) is collected and reported in one exception.
 */
public final class Bootstrap {
    private Bootstrap() {
    }

    public static GatewatchRuntime start(RuntimeOptions options) {
        ConfigLoader loader = new ConfigLoader(options.classLoader(), options.environment());
        ConfigLoader.LoadedConfig loaded = options.config() == null ? loader.loadDefault()
                : loader.prepare(options.config());
        Config gatewatch = gatewatchSubtree(loaded);

        List<ConfigProblem> problems = new ArrayList<>();
        List<GatewatchPlugin> plugins = PluginDiscovery.discover(options.classLoader(), options.plugins());
        Set<String> discoveredPaths = plugins.stream().map(GatewatchPlugin::configPath).collect(Collectors.toSet());
        List<String> unclaimed = PluginSelection.unclaimedEnabled(gatewatch, discoveredPaths);
        problems.addAll(UnknownKeys.find(gatewatch.root(), loaded.reference().getConfig("gatewatch").root(),
                PluginSelection.toleratedUnknown(discoveredPaths, unclaimed)));
        CoreSettings settings = CoreSettings.from(gatewatch, problems);
        List<GatewatchPlugin> enabled = PluginSelection.enabled(gatewatch, plugins, problems);
        PluginSelection.reportUnclaimed(gatewatch, unclaimed, problems);

        Parts parts = new Parts(settings, options);
        try {
            List<Module> modules = new ArrayList<>();
            modules.add(new CoreModule(parts.context, parts.health, parts.store));
            for (GatewatchPlugin plugin : enabled) {
                try {
                    modules.add(plugin.module(gatewatch.getConfig(plugin.configPath()), parts.context));
                } catch (ConfigException e) {
                    for (ConfigProblem problem : ConfigErrors.toProblems("gatewatch." + plugin.configPath(), e)) {
                        // a plugin rejecting an unknown key repeats what the unknown-key check said
                        if (problems.stream().noneMatch(p -> p.path().equals(problem.path()))) {
                            problems.add(problem);
                        }
                    }
                } catch (RuntimeException | LinkageError e) {
                    throw new IllegalStateException("gatewatch failed to start: plugin '" + plugin.name()
                            + "' failed to declare its module: " + e, e);
                }
            }
            if (!problems.isEmpty()) {
                throw new GatewatchConfigException(problems);
            }
            modules.addAll(options.modules());
            return wire(parts, modules, enabled);
        } catch (RuntimeException | Error e) {
            parts.release();
            throw e;
        }
    }

    private static GatewatchRuntime wire(Parts parts, List<Module> modules, List<GatewatchPlugin> enabled) {
        Injector injector;
        try {
            injector = Guice.createInjector(Stage.PRODUCTION, modules);
        } catch (CreationException | ProvisionException e) {
            throw new IllegalStateException("gatewatch failed to start: the modules of plugins "
                    + enabled.stream().map(GatewatchPlugin::name).toList() + " and of the host could not be wired: "
                    + e.getMessage(), e);
        }
        List<PushExporter> exporters = List.copyOf(injector.getInstance(Key.get(new TypeLiteral<Set<PushExporter>>() { })));
        List<Lifecycle> lifecycles = List.copyOf(injector.getInstance(Key.get(new TypeLiteral<Set<Lifecycle>>() { })));
        List<MetricSource> sources = new ArrayList<>(parts.options.sources());
        sources.addAll(injector.getInstance(Key.get(new TypeLiteral<Set<MetricSource>>() { })));
        parts.snapshots.setSources(sources);
        parts.store.setRequestListeners(List.copyOf(
                injector.getInstance(Key.get(new TypeLiteral<Set<RequestListener>>() { }))));
        List<ExporterRunner> runners = new ArrayList<>();
        try {
            for (HealthCheck check : injector.getInstance(Key.get(new TypeLiteral<Set<HealthCheck>>() { }))) {
                parts.health.register(check);
            }
            for (PushExporter exporter : exporters) {
                runners.add(new ExporterRunner(exporter, parts.snapshots, parts.store.selfMetrics(), parts.health,
                        parts.options.nanoTime()));
            }
        } catch (RuntimeException e) {
            runners.forEach(ExporterRunner::abandon);
            exporters.forEach(Bootstrap::closeQuietly);
            throw new IllegalStateException("gatewatch failed to start: " + e.getMessage(), e);
        }
        GatewatchRuntime runtime = new GatewatchRuntime(parts.settings, parts.state, parts.store, parts.snapshots,
                parts.health, parts.scheduler, new Lifecycles(lifecycles), runners, injector);
        runtime.start();
        return runtime;
    }

    private static void closeQuietly(PushExporter exporter) {
        try {
            exporter.close();
        } catch (RuntimeException e) {
            // start-up already failed; that failure is the one to report
        }
    }

    private static Config gatewatchSubtree(ConfigLoader.LoadedConfig loaded) {
        if (loaded.root().getValue("gatewatch").valueType() != ConfigValueType.OBJECT) {
            throw new GatewatchConfigException(List.of(ConfigProblem.at(loaded.root().getValue("gatewatch").origin(),
                    "gatewatch", "expected an object, found " + loaded.root().getValue("gatewatch").valueType())));
        }
        return loaded.gatewatch();
    }

    /** What exists before the injector: created once, released if start-up fails. */
    private static final class Parts {
        final CoreSettings settings;
        final RuntimeOptions options;
        final RuntimeState state;
        final MetricStore store;
        final HealthRegistry health;
        final ScheduledExecutorService scheduler;
        final SnapshotService snapshots;
        final DefaultPluginContext context;

        Parts(CoreSettings settings, RuntimeOptions options) {
            this.settings = settings;
            this.options = options;
            this.state = new RuntimeState(settings.nodeId(), RuntimeState.buildVersion(), RuntimeState.buildCommit(),
                    options.clock().millis());
            this.store = new MetricStore(storeSettings(settings, state));
            this.health = new HealthRegistry(options.clock(), settings.healthRecords(), settings.failureThresholds(),
                    settings.readinessChecks(),
                    state::state, new DaemonThreads("health"));
            this.scheduler = Executors.newSingleThreadScheduledExecutor(new DaemonThreads("scheduler"));
            this.snapshots = new SnapshotService(store, options.clock(), options.sources());
            this.context = new DefaultPluginContext(options.clock(), options.nanoTime(), scheduler, store, health,
                    snapshots, state, settings.metricPrefix());
        }

        void release() {
            health.close();
            scheduler.shutdownNow();
            state.set(io.gatewatch.spi.RuntimeInfo.State.STOPPED);
        }
    }

    static StoreSettings storeSettings(CoreSettings settings, RuntimeState state) {
        Map<String, String> tags = new TreeMap<>(settings.commonTags());
        return new StoreSettings(settings.nodeId(),
                Labels.of(List.copyOf(tags.keySet()), List.copyOf(tags.values())),
                settings.maxSeriesPerMetric(), settings.perConsumer(), settings.latencyBucketsNanos(),
                settings.jvmMetrics(), state.version(), state.commit());
    }
}
