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
import io.gatewatch.internal.config.ConfigSecrets;
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
import io.gatewatch.spi.ListenerHost;
import io.gatewatch.spi.MetricSource;
import io.gatewatch.spi.PushExporter;
import io.gatewatch.spi.RequestListener;
import io.gatewatch.spi.StatusRoute;
import java.util.ArrayList;
import java.util.LinkedHashMap;
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
    /** Names the injector of the host's own modules ({@code Gatewatch.builder().modules(...)}). */
    static final String HOST = "host";
    private Bootstrap() {
    }

    public static GatewatchRuntime start(RuntimeOptions options) {
        ConfigLoader loader = new ConfigLoader(options.classLoader(), options.environment());
        ConfigLoader.LoadedConfig loaded = options.config() == null ? loader.loadDefault()
                : loader.prepare(options.config());
        Config gatewatch = gatewatchSubtree(loaded);
        // every message below may quote a value: none may quote a secret, wherever it was substituted
        ConfigSecrets secrets = ConfigSecrets.in(gatewatch, "gatewatch");

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
            Map<String, Module> modules = new LinkedHashMap<>();
            for (GatewatchPlugin plugin : enabled) {
                try {
                    modules.put(plugin.name(), plugin.module(gatewatch.getConfig(plugin.configPath()), parts.context));
                } catch (ConfigException e) {
                    for (ConfigProblem problem : ConfigErrors.toProblems("gatewatch." + plugin.configPath(), e)) {
                        // a plugin rejecting an unknown key repeats what the unknown-key check said
                        if (problems.stream().noneMatch(p -> p.path().equals(problem.path()))) {
                            problems.add(problem);
                        }
                    }
                } catch (RuntimeException | LinkageError e) {
                    throw masked(secrets, "gatewatch failed to start: plugin '" + plugin.name()
                            + "' failed to declare its module: " + e, e);
                }
            }
            if (!problems.isEmpty()) {
                throw new GatewatchConfigException(secrets.mask(problems));
            }
            if (!options.modules().isEmpty()) {
                modules.put(HOST, com.google.inject.util.Modules.combine(options.modules()));
            }
            return wire(parts, modules, secrets);
        } catch (RuntimeException | Error e) {
            parts.release();
            throw e;
        }
    }

    /**
     * A start-up failure whose message has every secret masked. When a secret appears in the
     * cause's messages the cause is left out (its stack trace kept), since a logged cause chain
     * would print it.
     */
    private static IllegalStateException masked(ConfigSecrets secrets, String message, Throwable cause) {
        if (!secrets.appearsIn(cause)) {
            return new IllegalStateException(secrets.mask(message), cause);
        }
        IllegalStateException e = new IllegalStateException(secrets.mask(message)
                + " (cause left out: its message holds a configured secret)");
        e.setStackTrace(cause.getStackTrace());
        return e;
    }

    /**
     * Wires each plugin's module in an injector of its own, a child of core's: a plugin's bindings
     * stay its own (two plugins may bind the same type), and core gathers what each contributes.
     */
    private static GatewatchRuntime wire(Parts parts, Map<String, Module> modules, ConfigSecrets secrets) {
        GatheredSet<StatusRoute> allRoutes = new GatheredSet<>();
        GatheredSet<ListenerHost> allListenerHosts = new GatheredSet<>();
        Injector core = Guice.createInjector(Stage.PRODUCTION,
                new CoreModule(parts.context, parts.health, parts.store, allRoutes, allListenerHosts));
        Map<String, Injector> injectors = new LinkedHashMap<>();
        List<PushExporter> exporters = new ArrayList<>();
        List<Lifecycle> lifecycles = new ArrayList<>();
        List<MetricSource> sources = new ArrayList<>(parts.options.sources());
        List<RequestListener> listeners = new ArrayList<>();
        List<HealthCheck> checks = new ArrayList<>();
        List<StatusRoute> routes = new ArrayList<>();
        List<ListenerHost> listenerHosts = new ArrayList<>();
        for (Map.Entry<String, Module> module : modules.entrySet()) {
            Injector injector;
            try {
                injector = core.createChildInjector(new CoreModule.ContributionSets(), module.getValue());
            } catch (CreationException | ProvisionException e) {
                throw masked(secrets, "gatewatch failed to start: "
                        + (HOST.equals(module.getKey()) ? "the host's modules" : "the module of plugin '" + module.getKey() + "'")
                        + " could not be wired: " + e.getMessage(), e);
            }
            injectors.put(module.getKey(), injector);
            exporters.addAll(contributed(injector, new TypeLiteral<Set<PushExporter>>() { }));
            lifecycles.addAll(contributed(injector, new TypeLiteral<Set<Lifecycle>>() { }));
            sources.addAll(contributed(injector, new TypeLiteral<Set<MetricSource>>() { }));
            listeners.addAll(contributed(injector, new TypeLiteral<Set<RequestListener>>() { }));
            checks.addAll(contributed(injector, new TypeLiteral<Set<HealthCheck>>() { }));
            routes.addAll(contributed(injector, new TypeLiteral<Set<StatusRoute>>() { }));
            listenerHosts.addAll(contributed(injector, new TypeLiteral<Set<ListenerHost>>() { }));
        }
        allRoutes.fill(routes);
        allListenerHosts.fill(listenerHosts);
        parts.snapshots.setSources(sources);
        parts.store.setRequestListeners(List.copyOf(listeners));
        List<ExporterRunner> runners = new ArrayList<>();
        try {
            for (HealthCheck check : checks) {
                parts.health.register(check);
            }
            for (PushExporter exporter : exporters) {
                runners.add(new ExporterRunner(exporter, parts.snapshots, parts.store.selfMetrics(), parts.health,
                        parts.options.nanoTime()));
            }
        } catch (RuntimeException e) {
            runners.forEach(ExporterRunner::abandon);
            exporters.forEach(Bootstrap::closeQuietly);
            throw masked(secrets, "gatewatch failed to start: " + e.getMessage(), e);
        }
        GatewatchRuntime runtime = new GatewatchRuntime(parts.settings, parts.state, parts.store, parts.snapshots,
                parts.health, parts.scheduler, new Lifecycles(lifecycles), runners, core, injectors);
        runtime.start();
        return runtime;
    }

    private static <T> Set<T> contributed(Injector injector, TypeLiteral<Set<T>> type) {
        return injector.getInstance(Key.get(type));
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
            this.context = new DefaultPluginContext(options.clock(), options.nanoTime(), store, health,
                    snapshots, state, settings.metricPrefix());
        }

        void release() {
            health.close();
            scheduler.shutdownNow();
            state.set(io.gatewatch.api.RuntimeInfo.State.STOPPED);
        }
    }

    static StoreSettings storeSettings(CoreSettings settings, RuntimeState state) {
        Map<String, String> tags = new TreeMap<>(settings.commonTags());
        return new StoreSettings(settings.nodeId(),
                Labels.of(List.copyOf(tags.keySet()), List.copyOf(tags.values())),
                settings.maxSeriesPerMetric(), settings.perConsumer(), settings.latencyBucketsNanos(),
                settings.jvmMetrics(), state.version(), state.commit(), settings.metricPrefix());
    }
}
