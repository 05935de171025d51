package io.gatewatch.exporter.statsd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigResolveOptions;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StatsdSettingsTest {

    @Test
    void defaultsFromReferenceConf() {
        StatsdSettings s = StatsdSettings.from(reference(Map.of()));
        assertThat(s.host()).isEqualTo("127.0.0.1");
        assertThat(s.port()).isEqualTo(8125);
        assertThat(s.prefix()).isNull();
        assertThat(s.flavor()).isEqualTo(StatsdFlavor.DOGSTATSD);
        assertThat(s.interval()).isEqualTo(Duration.ofSeconds(10));
        assertThat(s.maxPacketSize()).isEqualTo(1432);
        assertThat(s.queueSize()).isEqualTo(4096);
        assertThat(s.tags()).isEmpty();
    }

    @Test
    void datadogAgentEnvironmentVariablesOverrideHostAndPort() {
        StatsdSettings s = StatsdSettings.from(reference(Map.of("DD_AGENT_HOST", "dd-agent.local", "DD_DOGSTATSD_PORT", "18125")));
        assertThat(s.host()).isEqualTo("dd-agent.local");
        assertThat(s.port()).isEqualTo(18125);
    }

    @Test
    void everySettingCanBeSet() {
        StatsdSettings s = StatsdSettings.from(user("""
                host = "statsd.internal"
                port = 9125
                prefix = "edge.gw"
                flavor = etsy
                interval = 2s
                max-packet-size = 8KiB
                queue-size = 10
                tags { zone = "b", dc = "fra1" }
                """));
        assertThat(s).isEqualTo(new StatsdSettings("statsd.internal", 9125, "edge.gw", StatsdFlavor.ETSY,
                Duration.ofSeconds(2), 8192, 10, Map.of("dc", "fra1", "zone", "b")));
        assertThat(s.tags().keySet()).containsExactly("dc", "zone");
    }

    @Test
    void anUnknownKeyIsRejectedWithItsPathFileAndLine() {
        ConfigException.ValidationFailed e = invalid("""
                port = 8125
                prot = 8126
                """);
        assertThat(e.problems()).singleElement().satisfies(p -> {
            assertThat(p.path()).isEqualTo("gatewatch.exporters.statsd.prot");
            assertThat(p.origin().description()).contains("application.conf").contains("2");
            assertThat(p.origin().lineNumber()).isEqualTo(2);
            assertThat(p.problem()).startsWith("unknown setting (known: enabled, flavor, host, ");
        });
    }

    @Test
    void everyBadValueIsReportedTogether() {
        ConfigException.ValidationFailed e = invalid("""
                host = ""
                port = 70000
                flavor = graphite
                interval = banana
                max-packet-size = 10
                queue-size = 0
                prefix = "bad prefix"
                tags { "k" = [1, 2] }
                """);
        assertThat(e.problems()).extracting(ConfigException.ValidationProblem::path).containsExactlyInAnyOrder(
                "gatewatch.exporters.statsd.host", "gatewatch.exporters.statsd.port",
                "gatewatch.exporters.statsd.flavor", "gatewatch.exporters.statsd.interval",
                "gatewatch.exporters.statsd.max-packet-size", "gatewatch.exporters.statsd.queue-size",
                "gatewatch.exporters.statsd.prefix", "gatewatch.exporters.statsd.tags.k");
        assertThat(e.problems()).allSatisfy(p -> assertThat(p.origin().lineNumber()).isPositive());
        assertThat(e.getMessage()).contains("statsd.flavor: must be one of dogstatsd, etsy, telegraf, got 'graphite'")
                .contains("statsd.port: must be between 1 and 65535, got 70000");
    }

    @Test
    void aWrongTypeNamesTheExpectedType() {
        ConfigException.ValidationFailed e = invalid("port = [1]");
        assertThat(e.problems()).singleElement().satisfies(p -> {
            assertThat(p.path()).isEqualTo("gatewatch.exporters.statsd.port");
            assertThat(p.problem()).containsIgnoringCase("number");
        });
    }

    @Test
    void aUnixSocketWithoutJnrOnTheClasspathNamesTheMissingArtifact() {
        // the unit tests run with the default classpath, where jnr-unixsocket is excluded
        ConfigException.ValidationFailed e = invalid("host = \"unix:///var/run/datadog/dsd.socket\"");
        assertThat(e.problems()).singleElement().satisfies(p -> {
            assertThat(p.path()).isEqualTo("gatewatch.exporters.statsd.host");
            assertThat(p.problem()).contains("com.github.jnr:jnr-unixsocket");
        });
    }

    @Test
    void anEmptyPrefixMeansNoPrefix() {
        assertThat(StatsdSettings.from(user("prefix = \"\"")).prefix()).isEmpty();
    }

    private static ConfigException.ValidationFailed invalid(String text) {
        return catchThrowableOfType(ConfigException.ValidationFailed.class, () -> StatsdSettings.from(user(text)));
    }

    /** The user's text inside gatewatch.exporters.statsd, over the module's reference.conf. */
    private static Config user(String text) {
        // the text starts on the first line, so line numbers match the text blocks above
        Config shifted = ConfigFactory.parseString("gatewatch.exporters.statsd {" + text + "\n}",
                ConfigParseOptions.defaults().setOriginDescription("application.conf"));
        return shifted.withFallback(ConfigFactory.parseResources("reference.conf"))
                .resolve(ConfigResolveOptions.noSystem())
                .getConfig("gatewatch.exporters.statsd");
    }

    private static Config reference(Map<String, String> environment) {
        // the variables stand at the root, where ${?DD_AGENT_HOST} looks first; the real
        // environment stays out so a developer's DD_AGENT_HOST cannot change the result
        return ConfigFactory.parseMap(environment).withFallback(ConfigFactory.parseResources("reference.conf"))
                .resolve(ConfigResolveOptions.noSystem()).getConfig("gatewatch.exporters.statsd");
    }
}
