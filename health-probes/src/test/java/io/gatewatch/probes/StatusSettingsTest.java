package io.gatewatch.probes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class StatusSettingsTest {

    private static Config config(String text) {
        Config user = ConfigFactory.parseString(text, ConfigParseOptions.defaults().setOriginDescription("app.conf"));
        return user.withFallback(ConfigFactory.parseResources("reference.conf")).resolve().getConfig("gatewatch.status");
    }

    private static List<ConfigException.ValidationProblem> problems(String text) {
        try {
            StatusSettings.from(config(text));
        } catch (ConfigException.ValidationFailed e) {
            return List.copyOf((java.util.Collection<ConfigException.ValidationProblem>) toList(e.problems()));
        }
        throw new AssertionError("expected a validation failure for: " + text);
    }

    private static List<ConfigException.ValidationProblem> toList(Iterable<ConfigException.ValidationProblem> it) {
        List<ConfigException.ValidationProblem> list = new java.util.ArrayList<>();
        it.forEach(list::add);
        return list;
    }

    @Test
    void referenceDefaults() {
        StatusSettings s = StatusSettings.from(config(""));
        assertThat(s.enabled()).isTrue();
        assertThat(s.host()).isEqualTo("0.0.0.0");
        assertThat(s.port()).isEqualTo(8051);
        assertThat(s.basePath()).isEmpty();
        assertThat(s.maxConnections()).isEqualTo(256);
        assertThat(s.requestTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(s.probeTimeout()).isEqualTo(Duration.ofSeconds(1));
        assertThat(s.maxRequestLine()).isEqualTo(4096);
        assertThat(s.maxHeaderSize()).isEqualTo(8192);
        assertThat(s.authEnabled()).isFalse();
        assertThat(s.auth().realm()).isEqualTo("gatewatch");
    }

    @Test
    void acceptsEveryDocumentedKeyIncludingCoresDrainDelay() {
        StatusSettings s = StatusSettings.from(config("""
                gatewatch.status {
                  enabled = false, host = "127.0.0.1", port = 9000, base-path = "/ops/gw", drain-delay = 7s
                  max-connections = 10, request-timeout = 3s, probe-timeout = 500ms
                  max-request-line = 2KiB, max-header-size = 16KiB
                  auth { users { ops = "correct horse" }, bearer-token = "t0ken-t0ken", realm = "edge" }
                }"""));
        assertThat(s.enabled()).isFalse();
        assertThat(s.port()).isEqualTo(9000);
        assertThat(s.basePath()).isEqualTo("/ops/gw");
        assertThat(s.drainDelay()).contains(Duration.ofSeconds(7));
        assertThat(s.maxConnections()).isEqualTo(10);
        assertThat(s.requestTimeout()).isEqualTo(Duration.ofSeconds(3));
        assertThat(s.probeTimeout()).isEqualTo(Duration.ofMillis(500));
        assertThat(s.maxRequestLine()).isEqualTo(2048);
        assertThat(s.maxHeaderSize()).isEqualTo(16384);
        assertThat(s.auth().users()).containsOnlyKeys("ops");
        assertThat(s.auth().users().get("ops").reveal()).isEqualTo("correct horse");
        assertThat(s.auth().bearerToken().map(StatusSettings.Secret::reveal)).isEqualTo(Optional.of("t0ken-t0ken"));
        assertThat(s.auth().realm()).isEqualTo("edge");
        assertThat(s.authEnabled()).isTrue();
    }

    @Test
    void unknownKeysAreRejectedWithPathFileAndLine() {
        List<ConfigException.ValidationProblem> problems = problems("""
                gatewatch.status {
                  prot = 9000
                  auth { token = "abcdefghij" }
                }""");
        assertThat(problems).extracting(ConfigException.ValidationProblem::path)
                .containsExactly("gatewatch.status.prot", "gatewatch.status.auth.token");
        assertThat(problems.get(0).origin().lineNumber()).isEqualTo(2);
        assertThat(problems.get(0).origin().description()).contains("app.conf");
        assertThat(problems.get(1).origin().lineNumber()).isEqualTo(3);
        assertThat(problems.get(0).problem()).startsWith("unknown setting").contains("port");
    }

    @Test
    void everyProblemIsReportedTogether() {
        List<ConfigException.ValidationProblem> problems = problems("""
                gatewatch.status {
                  port = 70000
                  max-connections = 0
                  request-timeout = banana
                  base-path = "gw/"
                  host = ""
                  enabled = maybe
                }""");
        assertThat(problems).extracting(ConfigException.ValidationProblem::path).containsExactlyInAnyOrder(
                "gatewatch.status.port", "gatewatch.status.max-connections", "gatewatch.status.request-timeout",
                "gatewatch.status.base-path", "gatewatch.status.host", "gatewatch.status.enabled");
        ConfigException.ValidationProblem port = problems.stream()
                .filter(p -> p.path().endsWith("port")).findFirst().orElseThrow();
        assertThat(port.problem()).isEqualTo("must be between 0 and 65535, got 70000");
        assertThat(port.origin().lineNumber()).isEqualTo(2);
        ConfigException.ValidationProblem timeout = problems.stream()
                .filter(p -> p.path().endsWith("request-timeout")).findFirst().orElseThrow();
        assertThat(timeout.origin().lineNumber()).isEqualTo(4);
    }

    @Test
    void wrongTypesNameTheSetting() {
        List<ConfigException.ValidationProblem> problems = problems("gatewatch.status.port = \"eighty\"");
        assertThat(problems).hasSize(1);
        assertThat(problems.get(0).path()).isEqualTo("gatewatch.status.port");
        assertThat(problems.get(0).problem()).isEqualTo("expected number, found string");
    }

    @Test
    void secretsNeverAppearInToStringNorInErrors() {
        StatusSettings s = StatusSettings.from(config("""
                gatewatch.status.auth { users { ops = "hunter22hunter22" }, bearer-token = "tok-tok-tok-123" }"""));
        assertThat(s.toString()).doesNotContain("hunter22").doesNotContain("tok-tok").contains("users=[ops]")
                .contains("bearerToken=****");
        assertThat(s.auth().users().get("ops").toString()).isEqualTo("****");

        assertThatThrownBy(() -> StatusSettings.from(config("""
                gatewatch.status.auth { users { ops = "short" }, bearer-token = "has space in it" }""")))
                .isInstanceOf(ConfigException.ValidationFailed.class)
                .hasMessageContaining("gatewatch.status.auth.users")
                .hasMessageContaining("gatewatch.status.auth.bearer-token")
                .hasMessageNotContaining("short\"").hasMessageNotContaining("has space in it");
    }

    @Test
    void authShapesAreChecked() {
        assertThat(problems("gatewatch.status.auth { users = [\"ops\"] }"))
                .extracting(ConfigException.ValidationProblem::path).containsExactly("gatewatch.status.auth.users");
        assertThat(problems("gatewatch.status.auth { users { ops = 12345678 } }"))
                .extracting(ConfigException.ValidationProblem::problem)
                .containsExactly("password of user 'ops' must be a string of at least 8 characters");
        assertThat(problems("gatewatch.status.auth = 5"))
                .extracting(ConfigException.ValidationProblem::path).containsExactly("gatewatch.status.auth");
    }

    @Test
    void sizeAndDurationBoundsAreChecked() {
        assertThat(problems("gatewatch.status { max-request-line = 10, max-header-size = 2MiB, probe-timeout = 0s }"))
                .extracting(ConfigException.ValidationProblem::path).containsExactlyInAnyOrder(
                        "gatewatch.status.max-request-line", "gatewatch.status.max-header-size",
                        "gatewatch.status.probe-timeout");
    }
}
