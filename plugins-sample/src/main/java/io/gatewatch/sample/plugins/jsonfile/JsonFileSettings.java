package io.gatewatch.sample.plugins.jsonfile;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import io.gatewatch.sample.plugins.PluginSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;

/** {@code gatewatch.exporters.json-file}: where to write and how often. */
record JsonFileSettings(Path path, Duration interval) {
    static JsonFileSettings from(Config c) {
        PluginSettings.requireOnly(c, "gatewatch.exporters.json-file", Set.of("enabled", "path", "interval"));
        Duration interval = c.getDuration("interval");
        if (interval.isNegative() || interval.isZero()) {
            throw new ConfigException.BadValue(c.getValue("interval").origin(), "gatewatch.exporters.json-file.interval",
                    "expected a positive duration, found " + interval);
        }
        return new JsonFileSettings(Path.of(c.getString("path")), interval);
    }
}
