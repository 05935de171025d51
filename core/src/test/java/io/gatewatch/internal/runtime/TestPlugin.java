package io.gatewatch.internal.runtime;

import com.google.inject.Module;
import com.typesafe.config.Config;
import io.gatewatch.spi.GatewatchPlugin;
import io.gatewatch.spi.PluginContext;
import java.util.function.BiFunction;

/** A plugin built in a test, handed to the runtime directly. */
final class TestPlugin implements GatewatchPlugin {
    private final String name;
    private final String configPath;
    private final BiFunction<Config, PluginContext, Module> module;

    TestPlugin(String name, String configPath, BiFunction<Config, PluginContext, Module> module) {
        this.name = name;
        this.configPath = configPath;
        this.module = module;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String configPath() {
        return configPath;
    }

    @Override
    public Module module(Config config, PluginContext context) {
        return module.apply(config, context);
    }
}
