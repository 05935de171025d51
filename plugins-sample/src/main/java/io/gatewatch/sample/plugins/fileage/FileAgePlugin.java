package io.gatewatch.sample.plugins.fileage;

import com.google.inject.AbstractModule;
import com.google.inject.Module;
import com.typesafe.config.Config;
import io.gatewatch.spi.Contributions;
import io.gatewatch.spi.GatewatchPlugin;
import io.gatewatch.spi.PluginContext;
import io.gatewatch.spi.support.SettingsProblems;
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
        SettingsProblems problems = new SettingsProblems(config, "gatewatch.sources.file-age");
        problems.rejectUnknown(config.root(), "", Set.of("enabled", "paths"));
        List<Path> paths = problems.readRequired("paths", () -> config.getStringList("paths"), List.<String>of())
                .stream().map(Path::of).toList();
        problems.throwIfAny();
        return new AbstractModule() {
            @Override
            protected void configure() {
                Contributions.metricSources(binder()).addBinding().toInstance(new FileAgeSource(paths, context.clock()));
            }
        };
    }
}
