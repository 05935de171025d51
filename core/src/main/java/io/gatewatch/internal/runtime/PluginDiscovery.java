package io.gatewatch.internal.runtime;

import io.gatewatch.spi.GatewatchPlugin;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds every {@link GatewatchPlugin} listed in {@code META-INF/services}, checks names are
 * unique, and logs each one found with its jar and version (enabled or not).
 */
final class PluginDiscovery {
    private static final Logger LOG = LoggerFactory.getLogger(PluginDiscovery.class);
    private PluginDiscovery() {
    }

    /**
     * @param extra plugins handed in directly (embedding without service files, tests); they
     *              come after the discovered ones, and replace a discovered one of the same name
     *              and config path
     */
    static List<GatewatchPlugin> discover(ClassLoader classLoader, List<GatewatchPlugin> extra) {
        List<GatewatchPlugin> plugins = new ArrayList<>();
        Iterator<GatewatchPlugin> it = ServiceLoader.load(GatewatchPlugin.class, classLoader).iterator();
        while (true) {
            try {
                if (!it.hasNext()) {
                    break;
                }
                plugins.add(it.next());
            } catch (ServiceConfigurationError e) {
                throw new IllegalStateException("gatewatch failed to start: a plugin listed in META-INF/services/"
                        + GatewatchPlugin.class.getName() + " could not be loaded: " + e.getMessage(), e);
            }
        }
        // a plugin handed in directly (a test's configured instance) stands in for the discovered one
        // of the same name and config path, which is the same plugin found through its own jar
        for (GatewatchPlugin given : extra) {
            plugins.removeIf(found -> found.name().equals(given.name())
                    && found.configPath().equals(given.configPath()));
        }
        plugins.addAll(extra);
        checkUnique(plugins);
        for (GatewatchPlugin plugin : plugins) {
            PluginOrigin origin = PluginOrigin.of(plugin);
            LOG.atInfo().addKeyValue("plugin", origin.name()).addKeyValue("config_path", "gatewatch." + origin.configPath())
                    .addKeyValue("jar", origin.jar()).addKeyValue("version", origin.version()).log("plugin found");
        }
        return List.copyOf(plugins);
    }

    private static void checkUnique(List<GatewatchPlugin> plugins) {
        Map<String, GatewatchPlugin> byName = new HashMap<>();
        Map<String, GatewatchPlugin> byPath = new HashMap<>();
        for (GatewatchPlugin p : plugins) {
            if (p.name() == null || p.name().isBlank() || p.configPath() == null || p.configPath().isBlank()) {
                throw new IllegalStateException("gatewatch failed to start: plugin " + p.getClass().getName()
                        + " has no name or no config path");
            }
            GatewatchPlugin other = byName.putIfAbsent(p.name(), p);
            if (other != null) {
                throw duplicate("name '" + p.name() + "'", other, p);
            }
            other = byPath.putIfAbsent(p.configPath(), p);
            if (other != null) {
                throw duplicate("config path 'gatewatch." + p.configPath() + "'", other, p);
            }
        }
    }

    private static IllegalStateException duplicate(String what, GatewatchPlugin a, GatewatchPlugin b) {
        return new IllegalStateException("gatewatch failed to start: two plugins claim the " + what + ": "
                + a.getClass().getName() + " and " + b.getClass().getName()
                + " (is the same plugin on the classpath twice, in two versions?)");
    }
}
