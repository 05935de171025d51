package io.gatewatch.internal.runtime;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigUtil;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import io.gatewatch.internal.config.ConfigProblem;
import io.gatewatch.internal.config.SettingsReader;
import io.gatewatch.spi.GatewatchPlugin;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
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

    /**
     * Config subtrees that say {@code enabled = true} but that no discovered plugin claims (paths
     * below {@code gatewatch}, sorted): a plugin whose jar is absent, or whose jar lacks its
     * service entry, must not be silently ignored. Subtrees of discovered plugins are not searched.
     */
    static List<String> unclaimedEnabled(Config gatewatch, Set<String> discoveredPaths) {
        List<String> found = new ArrayList<>();
        walk(gatewatch.root(), "", discoveredPaths, found);
        found.sort(null);
        return found;
    }

    private static void walk(ConfigObject object, String path, Set<String> claimed, List<String> found) {
        for (Map.Entry<String, ConfigValue> entry : object.entrySet()) {
            if (!(entry.getValue() instanceof ConfigObject child)) {
                continue;
            }
            String childPath = path.isEmpty() ? ConfigUtil.joinPath(entry.getKey())
                    : path + "." + ConfigUtil.joinPath(entry.getKey());
            if (claimed.contains(childPath)) {
                continue;
            }
            if (saysEnabled(child)) {
                found.add(childPath);
            } else {
                walk(child, childPath, claimed, found);
            }
        }
    }

    /**
     * One problem per unclaimed subtree, at its {@code enabled} line: the artifact to add for a
     * first-party plugin, the service entry to check for any other.
     */
    static void reportUnclaimed(Config gatewatch, List<String> unclaimed, List<ConfigProblem> problems) {
        for (String path : unclaimed) {
            ConfigValue value = gatewatch.getValue(path + ".enabled");
            String artifact = KnownPlugins.ARTIFACTS.get(path);
            problems.add(ConfigProblem.at(value.origin(), "gatewatch." + path + ".enabled", artifact != null
                    ? "the plugin is enabled but not on the classpath; add the artifact " + KnownPlugins.GROUP + ":"
                            + artifact
                    : "enabled, but no plugin on the classpath claims gatewatch." + path + ": no jar has a "
                            + "META-INF/services/" + GatewatchPlugin.class.getName() + " entry for a plugin whose "
                            + "configPath() is \"" + path + "\"; put the plugin's jar on the classpath and check "
                            + "that it lists its plugin class in that file"));
        }
    }

    /**
     * Unknown settings not to report: those below a first-party plugin whose jar is absent (its
     * reference.conf is missing too) and below an enabled subtree no plugin claims; {@link
     * #reportUnclaimed} speaks for those when enabled.
     */
    static Predicate<String> toleratedUnknown(Set<String> discoveredPaths, List<String> unclaimed) {
        List<String> absent = new ArrayList<>(KnownPlugins.ARTIFACTS.keySet().stream()
                .filter(p -> !discoveredPaths.contains(p))
                .map(p -> "gatewatch." + p)
                .toList());
        unclaimed.forEach(p -> absent.add("gatewatch." + p));
        return path -> absent.stream().anyMatch(a -> path.equals(a) || path.startsWith(a + "."));
    }

    /** {@code enabled = true}, also as a string ({@code -Dgatewatch.x.enabled=true} gives one) or yes/on. */
    private static boolean saysEnabled(ConfigObject object) {
        ConfigValue enabled = object.get("enabled");
        if (enabled == null || enabled.valueType() == ConfigValueType.NULL) {
            return false;
        }
        try {
            return object.toConfig().getBoolean("enabled");
        } catch (ConfigException e) {
            return false;   // not a boolean: the plugin's own check (or the unknown-key check) reports it
        }
    }
}
