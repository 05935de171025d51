package io.gatewatch.internal.runtime;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigValue;
import io.gatewatch.internal.config.ConfigProblem;
import io.gatewatch.internal.config.SettingsReader;
import io.gatewatch.spi.GatewatchPlugin;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;

/** Decides which plugins run: each plugin's {@code gatewatch.<configPath>.enabled}. */
final class PluginSelection {
    private PluginSelection() {
    }

    static List<GatewatchPlugin> enabled(Config gatewatch, List<GatewatchPlugin> plugins, List<ConfigProblem> problems) {
        SettingsReader reader = new SettingsReader(gatewatch, "gatewatch", problems);
        List<GatewatchPlugin> enabled = new ArrayList<>();
        for (GatewatchPlugin plugin : plugins) {
            // a plugin jar's reference.conf sets the default; without one this reports it missing
            if (reader.bool(plugin.configPath() + ".enabled", false)) {
                enabled.add(plugin);
            }
        }
        return enabled;
    }

    /** First-party plugins enabled in config whose jar is not on the classpath. */
    static void missingArtifacts(Config gatewatch, Set<String> discoveredPaths, List<ConfigProblem> problems) {
        for (Map.Entry<String, String> known : new TreeMap<>(KnownPlugins.ARTIFACTS).entrySet()) {
            String enabledPath = known.getKey() + ".enabled";
            if (discoveredPaths.contains(known.getKey()) || !isTrue(gatewatch, enabledPath)) {
                continue;
            }
            ConfigValue value = gatewatch.getValue(enabledPath);
            problems.add(ConfigProblem.at(value.origin(), "gatewatch." + enabledPath,
                    "the plugin is enabled but not on the classpath; add the artifact "
                            + KnownPlugins.GROUP + ":" + known.getValue()));
        }
    }

    /**
     * Unknown settings not to report: those below a first-party plugin whose jar is absent (its
     * reference.conf is missing too; {@link #missingArtifacts} speaks for it when enabled).
     */
    static Predicate<String> toleratedUnknown(Set<String> discoveredPaths) {
        List<String> absent = KnownPlugins.ARTIFACTS.keySet().stream()
                .filter(p -> !discoveredPaths.contains(p))
                .map(p -> "gatewatch." + p)
                .toList();
        return path -> absent.stream().anyMatch(a -> path.equals(a) || path.startsWith(a + "."));
    }

    private static boolean isTrue(Config gatewatch, String path) {
        try {
            return gatewatch.hasPath(path) && gatewatch.getBoolean(path);
        } catch (ConfigException e) {
            return false;
        }
    }
}
