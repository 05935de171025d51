package io.gatewatch.exporter.statsd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Key;
import com.google.inject.TypeLiteral;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigResolveOptions;
import io.gatewatch.spi.GatewatchPlugin;
import io.gatewatch.spi.PushExporter;
import java.time.Duration;
import java.util.ServiceLoader;
import java.util.Set;
import org.junit.jupiter.api.Test;

class StatsdPluginTest {

    @Test
    void isFoundThroughServiceLoaderUnderItsConfigPath() {
        assertThat(ServiceLoader.load(GatewatchPlugin.class).stream().map(ServiceLoader.Provider::get))
                .filteredOn(p -> p instanceof StatsdPlugin).singleElement().satisfies(p -> {
                    assertThat(p.name()).isEqualTo("statsd");
                    assertThat(p.configPath()).isEqualTo("exporters.statsd");
                });
    }

    @Test
    void itsModuleBindsOnePushExporterWithTheConfiguredInterval() {
        Injector injector = Guice.createInjector(new StatsdPlugin().module(config("interval = 3s"), Snapshots.context()));
        Set<PushExporter> exporters = injector.getInstance(Key.get(new TypeLiteral<Set<PushExporter>>() { }));
        assertThat(exporters).singleElement().satisfies(e -> {
            assertThat(e).isInstanceOf(StatsdExporter.class);
            assertThat(e.name()).isEqualTo("statsd");
            assertThat(e.interval()).isEqualTo(Duration.ofSeconds(3));
        });
    }

    @Test
    void aTypoFailsBeforeAnythingIsBound() {
        assertThatThrownBy(() -> new StatsdPlugin().module(config("flavour = etsy"), Snapshots.context()))
                .isInstanceOf(ConfigException.class).hasMessageContaining("gatewatch.exporters.statsd.flavour");
    }

    @Test
    void gatewatchReportsTheExportersConfigErrorsWithFileAndLine() {
        Config user = ConfigFactory.parseString("""
                gatewatch.exporters.statsd {
                  enabled = true
                  prot = 8126
                  flavor = graphite
                }
                """, com.typesafe.config.ConfigParseOptions.defaults().setOriginDescription("application.conf"));
        assertThatThrownBy(() -> io.gatewatch.Gatewatch.builder().config(user).start())
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("application.conf:3: gatewatch.exporters.statsd.prot: unknown setting")
                .hasMessageContaining("application.conf:4: gatewatch.exporters.statsd.flavor: "
                        + "must be one of dogstatsd, etsy, telegraf, got 'graphite'")
                .satisfies(e -> assertThat(e.getMessage().split("statsd\\.prot", -1)).as("reported once").hasSize(2));
    }

    private static Config config(String text) {
        return ConfigFactory.parseString("gatewatch.exporters.statsd { enabled = true, " + text + " }")
                .withFallback(ConfigFactory.parseResources("reference.conf"))
                .resolve(ConfigResolveOptions.noSystem()).getConfig("gatewatch.exporters.statsd");
    }
}
