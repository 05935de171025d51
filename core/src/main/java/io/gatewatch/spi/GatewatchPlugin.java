package io.gatewatch.spi;

import com.google.inject.Module;
import com.typesafe.config.Config;

/**
 * A plugin: found through {@code META-INF/services/io.gatewatch.spi.GatewatchPlugin}, configured
 * by its own subtree {@code gatewatch.<configPath>}, and installed when that subtree says
 * {@code enabled = true}.
 *
 * <pre>{@code
 * public final class JsonFilePlugin implements GatewatchPlugin {
 *     public String name() { return "json-file"; }
 *     public String configPath() { return "exporters.json-file"; }
 *     public Module module(Config config, PluginContext context) {
 *         JsonFileSettings settings = JsonFileSettings.from(config);   // validates, rejects unknown keys
 *         return new AbstractModule() {
 *             protected void configure() {
 *                 Contributions.pushExporters(binder()).addBinding()
 *                         .toInstance(new JsonFileExporter(settings, context.clock()));
 *             }
 *         };
 *     }
 * }
 * }</pre>
 *
 * <p>Core instantiates every provider once, on the thread that calls {@code Gatewatch.start},
 * and calls {@link #module} only for enabled plugins. {@code module} must only validate config
 * and declare bindings: open no socket and start no thread there (do that in
 * {@link Lifecycle#start()}), so a config error never leaves half a plugin running.
 */
public interface GatewatchPlugin {

    /** Short unique name ({@code statsd}); names the plugin in errors and in {@code /status}. */
    String name();

    /** The config subtree below {@code gatewatch}, for example {@code exporters.statsd} or {@code status}. */
    String configPath();

    /**
     * Validates the plugin's settings and returns the Guice module with its contributions.
     *
     * @param config  the plugin's subtree, defaults from its {@code reference.conf} merged in
     * @param context what core offers plugins
     * @throws com.typesafe.config.ConfigException for invalid settings; core reports every
     *                                             plugin's errors together, with file and line
     */
    Module module(Config config, PluginContext context);
}
