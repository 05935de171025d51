package io.gatewatch.sample.plugins.fileage;

import com.google.inject.AbstractModule;
import com.google.inject.Module;
import com.typesafe.config.Config;
import io.gatewatch.sample.plugins.PluginSettings;
import io.gatewatch.spi.Contributions;
import io.gatewatch.spi.GatewatchPlugin;
import io.gatewatch.spi.PluginContext;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/** A metric source: seconds since each configured file was last modified (a stalled log, a stale cert). */
public final class FileAgePlugin implements GatewatchPlugin {
    @Override
    public String name() {
        return "file-age";
    }

    @Override
    public String configPath() {
        return "sources.file-age";
    }

    @Override
    public Module module(Config config, PluginContext context) {
        PluginSettings.requireOnly(config, "gatewatch.sources.file-age", Set.of("enabled", "paths"));
        List<Path> paths = config.getStringList("paths").stream().map(Path::of).toList();
        return new AbstractModule() {
            @Override
            protected void configure() {
                Contributions.metricSources(binder()).addBinding().toInstance(new FileAgeSource(paths, context.clock()));
            }
        };
    }
}
