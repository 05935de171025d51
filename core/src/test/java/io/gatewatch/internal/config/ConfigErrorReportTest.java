package io.gatewatch.internal.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.google.inject.AbstractModule;
import com.google.inject.Module;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import io.gatewatch.internal.runtime.Bootstrap;
import io.gatewatch.internal.runtime.RuntimeOptions;
import io.gatewatch.internal.testing.TestClassLoaders;
import io.gatewatch.spi.GatewatchPlugin;
import io.gatewatch.spi.PluginContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The exact text a user sees for bad configuration: path, expected, found, file:line. */
class ConfigErrorReportTest {
    /** As the plugin's jar would ship it: a required url without default, a timeout with one. */
    private static final String WEBHOOK_REFERENCE = """
            gatewatch.webhook {
              enabled = false
              url = null
              timeout = 2s
            }
            """;

    @TempDir
    Path dir;

    @Test
    void aWrongTypeNamesThePathWhatWasExpectedWhatWasFoundAndTheFileAndLine() throws Exception {
        Path file = write("""
                gatewatch {
                  metrics {
                    max-series-per-metric = [1, 2]
                  }
                }
                """);
        assertThat(failure(file).getMessage()).isEqualTo("Invalid gatewatch configuration (1 problem):\n"
                + "  - " + file + ":3: gatewatch.metrics.max-series-per-metric: expected an integer of at least 1, "
                + "found list [1,2]");
    }

    @Test
    void anUnknownKeyIsAnErrorWithASuggestion() throws Exception {
        Path file = write("""
                gatewatch {
                  metrics.prefx = edge
                }
                """);
        assertThat(failure(file).getMessage()).isEqualTo("Invalid gatewatch configuration (1 problem):\n"
                + "  - " + file + ":2: gatewatch.metrics.prefx: unknown setting (no reference.conf on the classpath "
                + "declares it); did you mean 'prefix'?");
    }

    @Test
    void aMissingRequiredValueOfAPluginNamesTheFullPathAndWhereItIsDeclared() throws Exception {
        Path file = write("""
                gatewatch {
                  shutdown-hook = false
                  webhook {
                    enabled = true
                  }
                }
                """);
        GatewatchConfigException e = failure(file, WEBHOOK_REFERENCE, new WebhookPlugin());
        // the plugin declares the required setting as null in its reference.conf: that is the line shown
        assertThat(e.getMessage()).isEqualTo("Invalid gatewatch configuration (1 problem):\n"
                + "  - reference.conf @ file:" + dir.resolve("cp") + "/reference.conf:3: gatewatch.webhook.url: "
                + "expected string, found nothing (the setting is required and has no default)");
    }

    @Test
    void aPluginWithoutDefaultsMustBeToldWhetherItIsEnabled() throws Exception {
        Path file = write("gatewatch.shutdown-hook = false\n");
        GatewatchConfigException e = failure(file, "", new WebhookPlugin());
        assertThat(e.problems()).singleElement().satisfies(p -> {
            assertThat(p.path()).isEqualTo("gatewatch.webhook.enabled");
            assertThat(p.detail()).isEqualTo("expected a boolean (true or false), found nothing (the setting is missing)");
        });
    }

    @Test
    void everyProblemOfCoreAndOfEachPluginIsReportedTogetherInFileOrder() throws Exception {
        Path file = write("""
                gatewatch {
                  node-id = "two words"
                  metrics {
                    latency-buckets = [10ms, 5ms]
                    per-consumer = maybe
                  }
                  webhook {
                    enabled = true
                    url = "https://hooks.example.com/gw"
                    timeout = soon
                  }
                  exporters.statsd.enabled = true
                  helth.records = 3
                }
                """);
        GatewatchConfigException e = failure(file, WEBHOOK_REFERENCE, new WebhookPlugin());
        assertThat(e.getMessage()).isEqualTo("Invalid gatewatch configuration (6 problems):\n"
                + "  - " + file + ":2: gatewatch.node-id: expected a node id of 1 to 128 characters without spaces, "
                + "found string \"two words\"\n"
                + "  - " + file + ":4: gatewatch.metrics.latency-buckets: expected a non-empty list of positive, "
                + "strictly increasing durations (like [5ms, 10ms, 1s]), found list [\"10ms\",\"5ms\"]\n"
                + "  - " + file + ":5: gatewatch.metrics.per-consumer: expected a boolean (true or false), "
                + "found string \"maybe\"\n"
                + "  - " + file + ":10: gatewatch.webhook.timeout: No number in duration value 'soon'\n"
                + "  - " + file + ":12: gatewatch.exporters.statsd.enabled: the plugin is enabled but not on the "
                + "classpath; add the artifact io.gatewatch:gatewatch-exporter-statsd\n"
                + "  - " + file + ":13: gatewatch.helth: unknown setting (no reference.conf on the classpath "
                + "declares it); did you mean 'health'?");
    }

    @Test
    void aPluginsOwnErrorsWithFullOrRelativePathsReadLikeCoresAndAreNotRepeated() throws Exception {
        Path file = write("""
                gatewatch {
                  webhook {
                    enabled = true
                    url = "ftp://hooks.example.com"
                    retries = 3
                  }
                }
                """);
        GatewatchPlugin strict = new WebhookPlugin() {
            @Override
            public Module module(Config config, PluginContext context) {
                for (String key : config.root().keySet()) {
                    if (!Set.of("enabled", "url", "timeout").contains(key)) {
                        throw new ConfigException.BadPath(config.getValue(key).origin(), "gatewatch.webhook." + key,
                                "unknown setting");
                    }
                }
                throw new ConfigException.BadValue(config.getValue("url").origin(), "url", "expected an https URL, "
                        + "found \"ftp://hooks.example.com\"");
            }
        };
        assertThat(failure(file, WEBHOOK_REFERENCE, strict).getMessage()).isEqualTo(
                "Invalid gatewatch configuration (1 problem):\n"
                + "  - " + file + ":5: gatewatch.webhook.retries: unknown setting (no reference.conf on the classpath "
                + "declares it)");
        Files.writeString(file, "gatewatch.webhook { enabled = true, url = \"ftp://hooks.example.com\" }\n");
        assertThat(failure(file, WEBHOOK_REFERENCE, strict).problems()).singleElement()
                .extracting(ConfigProblem::render).isEqualTo(file + ":1: gatewatch.webhook.url: expected an https URL, "
                        + "found \"ftp://hooks.example.com\"");
    }

    @Test
    void aSectionGivenAsAScalarSaysWhichKeysItShouldHave() throws Exception {
        Path file = write("gatewatch.health = on\n");
        assertThat(failure(file).problems()).singleElement().extracting(ConfigProblem::render).isEqualTo(
                file + ":1: gatewatch.health: expected an object with keys [failure-threshold, failure-thresholds, readiness-checks, records], found string \"on\"");
    }

    @Test
    void aSyntaxErrorInTheConfigFileIsReportedWithItsLine() throws Exception {
        Path file = write("gatewatch {\n  metrics { prefix = edge\n}\n");
        System.setProperty("config.file", file.toString());
        ConfigFactory.invalidateCaches();
        try {
            GatewatchConfigException e = catchThrowableOfType(GatewatchConfigException.class,
                    () -> Bootstrap.start(RuntimeOptions.defaults().withEnvironment(Map.of())));
            assertThat(e.problems()).singleElement().satisfies(p -> {
                assertThat(p.origin()).isEqualTo(file + ":4");
                assertThat(p.detail()).isEqualTo("expecting a close parentheses ')' here, not: end of file");
            });
        } finally {
            System.clearProperty("config.file");
            ConfigFactory.invalidateCaches();
        }
    }

    @Test
    void theReportIsAConfigExceptionSoExistingHandlersCatchIt() throws Exception {
        Path file = write("gatewatch.metrics.prefix = 1-bad\n");
        assertThat(failure(file)).isInstanceOf(ConfigException.class);
    }

    private Path write(String text) throws Exception {
        Path file = dir.resolve("application.conf");
        Files.writeString(file, text);
        return file;
    }

    private GatewatchConfigException failure(Path file) {
        return failure(file, "", new GatewatchPlugin[0]);
    }

    private GatewatchConfigException failure(Path file, String pluginReference, GatewatchPlugin... plugins) {
        ClassLoader loader = TestClassLoaders.withResources(dir.resolve("cp"), Map.of("reference.conf", pluginReference));
        RuntimeOptions options = RuntimeOptions.defaults().withClassLoader(loader)
                .withConfig(ConfigFactory.parseFile(file.toFile())).withPlugins(List.of(plugins))
                .withEnvironment(Map.of());
        return catchThrowableOfType(GatewatchConfigException.class, () -> Bootstrap.start(options).close());
    }

    /** A third-party plugin that maps its subtree with plain Typesafe getters. */
    static class WebhookPlugin implements GatewatchPlugin {
        @Override
        public String name() {
            return "webhook";
        }

        @Override
        public String configPath() {
            return "webhook";
        }

        @Override
        public Module module(Config config, PluginContext context) {
            String url = config.getString("url");
            Duration timeout = config.getDuration("timeout");
            return new AbstractModule() {
                @Override
                protected void configure() {
                    bind(String.class).toInstance(url + timeout);
                }
            };
        }
    }
}
