package io.gatewatch;

import com.google.inject.Module;
import com.typesafe.config.Config;
import io.gatewatch.api.GatewayMetrics;
import io.gatewatch.api.HealthView;
import io.gatewatch.api.Meters;
import io.gatewatch.api.RuntimeInfo;
import io.gatewatch.internal.runtime.Bootstrap;
import io.gatewatch.internal.runtime.GatewatchRuntime;
import io.gatewatch.internal.runtime.RuntimeOptions;
import io.gatewatch.snapshot.Snapshot;
import io.gatewatch.spi.MetricSource;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A running gatewatch: the one entry point a gateway needs.
 *
 * <pre>{@code
 * Gatewatch gatewatch = Gatewatch.start();            // application.conf over every reference.conf
 * GatewayMetrics metrics = gatewatch.metrics();
 * RouteMetrics route = metrics.route("accounts", "get-user");   // resolve once, keep
 * ...
 * route.record(HttpMethod.GET, 200, ResponseSource.UPSTREAM, totalNanos, upstreamNanos, in, out);
 * ...
 * gatewatch.close();   // readiness down, drain, last flush, listeners closed
 * }</pre>
 *
 * <p>{@code start} discovers plugins with {@link java.util.ServiceLoader}, validates the whole
 * configuration (every problem reported at once, with file and line), wires the enabled plugins
 * with Guice and starts them. It throws {@link com.typesafe.config.ConfigException} for bad
 * configuration and {@link IllegalStateException} when a plugin fails to start; either way
 * nothing is left running. Thread-safe; {@link #close()} may be called more than once.
 */
public final class Gatewatch implements AutoCloseable {
    private final GatewatchRuntime runtime;

    private Gatewatch(GatewatchRuntime runtime) {
        this.runtime = runtime;
    }

    /** Starts with the default configuration: system properties, application.conf (or -Dconfig.file), reference.conf. */
    public static Gatewatch start() {
        return builder().start();
    }

    /** Starts with these settings over the reference defaults. */
    public static Gatewatch start(Config config) {
        return builder().config(config).start();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The recording API: resolve route, consumer and listener handles once and keep them. */
    public GatewayMetrics metrics() {
        return runtime.metrics();
    }

    /** Generic metrics beside the gateway catalogue (exported with the configured prefix). */
    public Meters meters() {
        return runtime.meters();
    }

    /** A snapshot of every metric, taken on the calling thread. */
    public Snapshot snapshot() {
        return runtime.snapshot();
    }

    /** Cached health of every component and the verdicts for liveness, readiness and startup probes. */
    public HealthView health() {
        return runtime.health();
    }

    /** Node id, version and lifecycle phase. */
    public RuntimeInfo runtime() {
        return runtime.runtime();
    }

    /** Orderly shutdown: readiness down, drain delay, final export and flush, listeners closed. Idempotent. */
    @Override
    public void close() {
        runtime.close();
    }

    /**
     * Options beyond the configuration: extra metric sources, the host's own Guice modules, a
     * class loader, a clock for tests.
     */
    public static final class Builder {
        private Config config;
        private ClassLoader classLoader;
        private Clock clock;
        private final List<MetricSource> sources = new ArrayList<>();
        private final List<Module> modules = new ArrayList<>();
        private final List<io.gatewatch.spi.GatewatchPlugin> plugins = new ArrayList<>();

        private Builder() {
        }

        /** Settings over the reference defaults; without this, the default configuration is loaded. */
        public Builder config(Config config) {
            this.config = Objects.requireNonNull(config, "config");
            return this;
        }

        /** Where plugins and reference.conf files are found; default: the thread's context class loader. */
        public Builder classLoader(ClassLoader classLoader) {
            this.classLoader = Objects.requireNonNull(classLoader, "classLoader");
            return this;
        }

        /** The clock for timestamps and health records (tests use a fixed or manual one). */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** A metric source read at every snapshot, beside those plugins contribute. */
        public Builder addSource(MetricSource source) {
            sources.add(Objects.requireNonNull(source, "source"));
            return this;
        }

        /**
         * The gateway's own bindings, installed in gatewatch's injector beside the enabled plugins'
         * modules: a front listener as a {@link io.gatewatch.spi.Lifecycle} (so it starts before
         * readiness turns ready and stops after the drain), its own health checks or sources.
         * Its classes may inject what plugins can ({@code GatewayMetrics}, {@code PluginContext}, ...).
         */
        public Builder addModule(Module module) {
            modules.add(Objects.requireNonNull(module, "module"));
            return this;
        }

        /**
         * A plugin handed in directly, beside those found through {@code META-INF/services}: for
         * embedding without service files and for plugin tests. It runs when its subtree says
         * {@code enabled = true}, like any other.
         */
        public Builder addPlugin(io.gatewatch.spi.GatewatchPlugin plugin) {
            plugins.add(Objects.requireNonNull(plugin, "plugin"));
            return this;
        }

        public Gatewatch start() {
            RuntimeOptions options = RuntimeOptions.defaults().withSources(sources).withModules(modules)
                    .withPlugins(plugins);
            if (config != null) {
                options = options.withConfig(config);
            }
            if (classLoader != null) {
                options = options.withClassLoader(classLoader);
            }
            if (clock != null) {
                options = options.withClock(clock);
            }
            return new Gatewatch(Bootstrap.start(options));
        }
    }
}
