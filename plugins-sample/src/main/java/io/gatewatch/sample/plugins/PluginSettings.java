package io.gatewatch.sample.plugins;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigValue;
import java.util.Map;
import java.util.Set;

/** What every sample plugin does first with its subtree: refuse keys it does not know. */
public final class PluginSettings {
    private PluginSettings() {
    }

    /**
     * @param path the subtree's full path, for the error message ({@code gatewatch.exporters.json-file})
     * @throws ConfigException.BadPath naming the unknown key, with its file and line
     */
    public static void requireOnly(Config config, String path, Set<String> known) {
        for (Map.Entry<String, ConfigValue> e : config.root().entrySet()) {
            if (!known.contains(e.getKey())) {
                throw new ConfigException.BadPath(e.getValue().origin(), path + "." + e.getKey(),
                        "unknown setting; expected one of " + known);
            }
        }
    }
}
