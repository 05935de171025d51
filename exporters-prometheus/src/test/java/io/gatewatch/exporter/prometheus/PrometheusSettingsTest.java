package io.gatewatch.exporter.prometheus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class PrometheusSettingsTest {
    private static final String BASE = "gatewatch.exporters.prometheus";

    /** The user's file over the module's reference.conf, as core merges them. */
    private static Config subtree(String userConf) {
        Config user = ConfigFactory.parseString(userConf, ConfigParseOptions.defaults().setOriginDescription("application.conf"));
        return user.withFallback(ConfigFactory.parseResources("reference.conf")).resolve().getConfig(BASE);
    }

    @Test
    void defaultsServeMetricsOnTheStatusListener() {
        PrometheusSettings s = PrometheusSettings.from(subtree(""), BASE);
        assertThat(s).isEqualTo(PrometheusSettings.defaults());
        assertThat(s.port()).isEmpty();
        assertThat(s.path()).isEqualTo("/metrics");
        assertThat(s.includeDefaultRegistry()).isFalse();
    }

    @Test
    void referenceDeclaresEveryKeySoCoreDoesNotCallThemUnknown() {
        Config reference = ConfigFactory.parseResources("reference.conf").getConfig(BASE);
        assertThat(reference.root().keySet()).containsExactlyInAnyOrderElementsOf(PrometheusSettings.KEYS);
        assertThat(PrometheusSettings.from(subtree(BASE + ".port = null"), BASE).port()).isEmpty();
    }

    @Test
    void everySettingIsRead() {
        PrometheusSettings s = PrometheusSettings.from(subtree("""
                gatewatch.exporters.prometheus {
                  path = "/prom"
                  port = 9464
                  host = "127.0.0.1"
                  auth = none
                  include-default-registry = true
                }
                """), BASE);
        assertThat(s).isEqualTo(new PrometheusSettings(true, "/prom", OptionalInt.of(9464), Optional.of("127.0.0.1"),
                PrometheusSettings.Auth.NONE, true));
    }

    @Test
    void theOwnPortBindsTheStatusListenersHostAndAsksForItsCredentialsUnlessToldOtherwise() {
        PrometheusSettings s = PrometheusSettings.from(subtree(BASE + ".port = 9464"), BASE);
        assertThat(s.host()).isEmpty();
        assertThat(s.auth()).isEqualTo(PrometheusSettings.Auth.STATUS);
        assertThatThrownBy(() -> PrometheusSettings.from(subtree(BASE + ".auth = off"), BASE))
                .isInstanceOf(ConfigException.ValidationFailed.class)
                .hasMessageContaining("application.conf: 1: " + BASE + ".auth: must be \"status\" (the status listener's"
                        + " credentials) or \"none\", got \"off\"");
    }

    @Test
    void badValuesAreAllReportedWithPathFileAndLine() {
        Config config = subtree("""
                gatewatch.exporters.prometheus {
                  prot = 9464
                  path = "metrics"
                  port = 70000
                  include-default-registry = maybe
                }
                """);
        assertThatThrownBy(() -> PrometheusSettings.from(config, BASE))
                .isInstanceOf(ConfigException.ValidationFailed.class)
                .satisfies(e -> {
                    var problems = ((ConfigException.ValidationFailed) e).problems();
                    // core names the typo too; its report keeps one problem per setting (see GatewatchStartTest)
                    assertThat(problems).extracting(ConfigException.ValidationProblem::path).containsExactlyInAnyOrder(
                            BASE + ".prot", BASE + ".path", BASE + ".port", BASE + ".include-default-registry");
                    assertThat(problems).allSatisfy(p -> assertThat(p.origin().description()).contains("application.conf"));
                })
                .hasMessageContaining("application.conf: 3: " + BASE + ".path: must be an absolute URL path")
                .hasMessageContaining("application.conf: 4: " + BASE + ".port: must be between 0 and 65535")
                .hasMessageContaining("application.conf: 5: " + BASE + ".include-default-registry: expected boolean, found string");
    }

    @Test
    void unknownKeysAreRejectedWithTheirLines() {
        Config config = subtree("""
                gatewatch.exporters.prometheus {
                  prot = 9464
                  pth = "/m"
                }
                """);
        assertThatThrownBy(() -> PrometheusSettings.from(config, BASE))
                .isInstanceOf(ConfigException.ValidationFailed.class)
                .hasMessageContaining("application.conf: 2: " + BASE + ".prot: unknown setting (known: auth, enabled, host, "
                        + "include-default-registry, path, port)")
                .hasMessageContaining("application.conf: 3: " + BASE + ".pth: unknown setting (known: ");
    }

    @Test
    void aSingleProblemCarriesItsFullPathLineAndWhatWasExpected() {
        assertThatThrownBy(() -> PrometheusSettings.from(subtree(BASE + ".port = \"nine\""), BASE))
                .isInstanceOf(ConfigException.ValidationFailed.class)
                .hasMessageContaining("application.conf: 1: " + BASE + ".port: expected number, found string")
                .satisfies(e -> assertThat(((ConfigException.ValidationFailed) e).problems()).singleElement()
                        .satisfies(p -> assertThat(p.origin().lineNumber()).isEqualTo(1)));
        assertThatThrownBy(() -> PrometheusSettings.from(subtree(BASE + ".enabeld = true"), BASE))
                .isInstanceOf(ConfigException.ValidationFailed.class)
                .hasMessageContaining("application.conf: 1: " + BASE + ".enabeld: unknown setting (known: ");
    }
}
