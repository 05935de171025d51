package io.gatewatch.internal.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigResolveOptions;
import com.typesafe.config.ConfigValueFactory;
import java.util.List;
import java.util.Map;

/**
 * Builds the effective configuration: the user's settings (or {@code application.conf},
 * {@code -Dconfig.file} and system properties) over every {@code reference.conf} visible to the
 * plugin class loader, with {@code ${?GATEWATCH_...}} substitutions resolved against the
 * environment. The environment is a parameter so tests can pin it.
 */
public final class ConfigLoader {
    private final ClassLoader classLoader;
    private final Config environment;

    public ConfigLoader(ClassLoader classLoader, Map<String, String> environment) {
        this.classLoader = classLoader;
        // fromMap, not parseMap: environment names are plain keys, never paths
        // named, so a problem with a substituted value says where it came from (not "hardcoded value")
        this.environment = ConfigValueFactory.fromMap(Map.copyOf(environment), "environment variables").toConfig();
    }

    public static ConfigLoader withSystemEnvironment(ClassLoader classLoader) {
        return new ConfigLoader(classLoader, System.getenv());
    }

    /** The default sources: system properties, then application.conf or -Dconfig.file/-resource/-url. */
    public LoadedConfig loadDefault() {
        return guarded(() -> prepare(ConfigFactory.defaultOverrides(classLoader)
                .withFallback(ConfigFactory.defaultApplication(classLoader))));
    }

    /** The given settings (resolved or not) over the merged reference. */
    public LoadedConfig prepare(Config user) {
        return guarded(() -> {
            Config reference = ConfigFactory.defaultReferenceUnresolved(classLoader);
            Config effective = resolve(user.withFallback(reference));
            return new LoadedConfig(effective, resolve(reference));
        });
    }

    private Config resolve(Config config) {
        // noSystem + our own environment fallback behaves like Typesafe's default, but testable
        return config.withFallback(environment).resolve(ConfigResolveOptions.noSystem());
    }

    private static LoadedConfig guarded(java.util.function.Supplier<LoadedConfig> load) {
        try {
            return load.get();
        } catch (GatewatchConfigException e) {
            throw e;
        } catch (ConfigException e) {
            // parse errors and unresolved substitutions: still one clear message with file:line
            throw new GatewatchConfigException(List.of(ConfigErrors.toProblem("gatewatch", e)));
        }
    }

    /**
     * @param root      everything, resolved
     * @param reference only the merged reference.conf defaults, resolved the same way
     */
    public record LoadedConfig(Config root, Config reference) {
        public Config gatewatch() {
            return root.getConfig("gatewatch");
        }
    }
}
