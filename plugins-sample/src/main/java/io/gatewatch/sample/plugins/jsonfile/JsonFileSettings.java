package io.gatewatch.sample.plugins.jsonfile;

import com.typesafe.config.Config;
import io.gatewatch.spi.support.SettingsProblems;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;

/** {@code gatewatch.exporters.json-file}: where to write and how often. */
record JsonFileSettings(Path path, Duration interval) {
    static JsonFileSettings from(Config c) {
        SettingsProblems problems = new SettingsProblems(c, "gatewatch.exporters.json-file");
        problems.rejectUnknown(c.root(), "", Set.of("enabled", "path", "interval"));
        String path = problems.readRequired("path", () -> c.getString("path"), "");
        if (path.isBlank()) {
            problems.add("path", "must be a file path, got an empty string");
        }
        Duration fallback = Duration.ofSeconds(10);
        Duration interval = problems.positive("interval",
                problems.readRequired("interval", () -> c.getDuration("interval"), fallback), fallback);
        problems.throwIfAny();
        return new JsonFileSettings(Path.of(path), interval);
    }
}
