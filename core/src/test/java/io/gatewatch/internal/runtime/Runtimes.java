package io.gatewatch.internal.runtime;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import io.gatewatch.internal.testing.TestClassLoaders;
import io.gatewatch.spi.GatewatchPlugin;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** Options for runtimes in tests: fast shutdown, no hook, a pinned environment. */
final class Runtimes {
    /** Settings every test runtime starts from; tests add their own below. */
    static final String FAST = "gatewatch { shutdown-hook = false, status.drain-delay = 0s, metrics.jvm = false }\n";

    private Runtimes() {
    }

    /**
     * @param reference a reference.conf for the test plugins (as a plugin jar would ship)
     * @param user      the user's settings, parsed with origin {@code test.conf}
     */
    static RuntimeOptions options(Path dir, String reference, String user, GatewatchPlugin... plugins) {
        ClassLoader loader = TestClassLoaders.withResources(dir, Map.of("reference.conf", reference));
        Config config = ConfigFactory.parseString(FAST + user,
                ConfigParseOptions.defaults().setOriginDescription("test.conf"));
        return RuntimeOptions.defaults().withClassLoader(loader).withConfig(config)
                .withPlugins(List.of(plugins)).withEnvironment(Map.of());
    }
}
