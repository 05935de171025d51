package io.gatewatch.internal.runtime;

import io.gatewatch.spi.GatewatchPlugin;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.security.CodeSource;

/**
 * Where a discovered plugin came from, for the start-up log: which jar, which version. When two
 * jars disagree, or a plugin the user expects is missing, this line is the first thing to read.
 *
 * @param name       the plugin's name
 * @param configPath its subtree below {@code gatewatch}
 * @param jar        the jar (or classes directory) its class was loaded from, or {@code unknown}
 * @param version    the jar manifest's {@code Implementation-Version}, or {@code unknown}
 */
record PluginOrigin(String name, String configPath, String jar, String version) {
    static final String UNKNOWN = "unknown";

    static PluginOrigin of(GatewatchPlugin plugin) {
        Class<?> type = plugin.getClass();
        Package pkg = type.getPackage();
        String version = pkg == null || pkg.getImplementationVersion() == null ? UNKNOWN
                : pkg.getImplementationVersion();
        return new PluginOrigin(plugin.name(), plugin.configPath(), location(type), version);
    }

    private static String location(Class<?> type) {
        CodeSource source = type.getProtectionDomain().getCodeSource();
        if (source == null || source.getLocation() == null) {
            return UNKNOWN;
        }
        try {
            return Path.of(source.getLocation().toURI()).toString();
        } catch (URISyntaxException | IllegalArgumentException | java.nio.file.FileSystemNotFoundException e) {
            return source.getLocation().toString();
        }
    }
}
