package io.gatewatch.internal.runtime;

import com.google.inject.Module;
import com.typesafe.config.Config;
import io.gatewatch.spi.GatewatchPlugin;
import io.gatewatch.spi.MetricSource;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * How to start a runtime.
 *
 * @param config      the user's settings, or {@code null} for application.conf / -Dconfig.file
 * @param classLoader where plugins and reference.conf files are found
 * @param nanoTime    monotonic time from the same source as {@code clock}
 * @param sources     metric sources in addition to those plugins contribute
 * @param plugins     plugins in addition to those found by ServiceLoader
 * @param modules     the host's own Guice modules, installed beside the enabled plugins' modules
 * @param environment what {@code ${?GATEWATCH_...}} substitutions read
 */
public record RuntimeOptions(Config config, ClassLoader classLoader, Clock clock, LongSupplier nanoTime,
                             List<MetricSource> sources, List<GatewatchPlugin> plugins, List<Module> modules,
                             Map<String, String> environment) {
    public RuntimeOptions {
        sources = List.copyOf(sources);
        plugins = List.copyOf(plugins);
        modules = List.copyOf(modules);
        environment = Map.copyOf(environment);
    }

    public static RuntimeOptions defaults() {
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        return new RuntimeOptions(null, loader != null ? loader : RuntimeOptions.class.getClassLoader(),
                Clock.systemUTC(), System::nanoTime, List.of(), List.of(), List.of(), System.getenv());
    }

    public RuntimeOptions withConfig(Config c) {
        return new RuntimeOptions(c, classLoader, clock, nanoTime, sources, plugins, modules, environment);
    }

    public RuntimeOptions withClassLoader(ClassLoader l) {
        return new RuntimeOptions(config, l, clock, nanoTime, sources, plugins, modules, environment);
    }

    /** A clock for tests: monotonic time then follows the clock too. */
    public RuntimeOptions withClock(Clock c) {
        return new RuntimeOptions(config, classLoader, c, () -> {
            java.time.Instant now = c.instant();
            return now.getEpochSecond() * 1_000_000_000L + now.getNano();
        }, sources, plugins, modules, environment);
    }

    public RuntimeOptions withSources(List<MetricSource> s) {
        return new RuntimeOptions(config, classLoader, clock, nanoTime, s, plugins, modules, environment);
    }

    public RuntimeOptions withPlugins(List<GatewatchPlugin> p) {
        return new RuntimeOptions(config, classLoader, clock, nanoTime, sources, p, modules, environment);
    }

    public RuntimeOptions withModules(List<Module> m) {
        return new RuntimeOptions(config, classLoader, clock, nanoTime, sources, plugins, m, environment);
    }

    public RuntimeOptions withEnvironment(Map<String, String> env) {
        return new RuntimeOptions(config, classLoader, clock, nanoTime, sources, plugins, modules, env);
    }
}
