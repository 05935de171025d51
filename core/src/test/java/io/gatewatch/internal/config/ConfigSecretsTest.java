package io.gatewatch.internal.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.typesafe.config.ConfigFactory;
import io.gatewatch.internal.runtime.Bootstrap;
import io.gatewatch.internal.runtime.RuntimeOptions;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** No configuration error prints a configured secret, wherever the secret was substituted. */
class ConfigSecretsTest {
    private static final String TOKEN = "tok-5f1e0c9a7b3d42e8";
    private static final String PASSWORD = "correct horse battery";

    @Test
    void findsKeysTokensAndBasicAuthPasswordsAndMasksThemWholeOrInPart() {
        ConfigSecrets secrets = ConfigSecrets.in(ConfigFactory.parseString("""
                exporters.datadog.api-key = "0123456789abcdef0123456789abcdef"
                status.auth.bearer-token = "%s"
                status.auth.users { alice = "%s" }
                status.host = "0.0.0.0"
                exporters.datadog.short-key = "abc"
                """.formatted(TOKEN, PASSWORD)), "gatewatch");

        assertThat(secrets.mask("got '" + TOKEN + "'")).isEqualTo("got '(the value of gatewatch.status.auth.bearer-token, hidden)'");
        assertThat(secrets.mask("unit '" + PASSWORD.substring(8) + "'"))
                .isEqualTo("unit '(part of the value of gatewatch.status.auth.users.alice, hidden)'");
        assertThat(secrets.mask("key 0123456789abcdef0123456789abcdef"))
                .isEqualTo("key (the value of gatewatch.exporters.datadog.api-key, hidden)");
        assertThat(secrets.mask("host 0.0.0.0, abc")).as("neither secret nor long enough").isEqualTo("host 0.0.0.0, abc");
        assertThat(secrets.appearsIn(new IllegalStateException("wrapped", new RuntimeException("x " + TOKEN)))).isTrue();
    }

    @Test
    void aTokenAndAPasswordSubstitutedIntoCoreSettingsAreMaskedInTheStartUpReport() {
        RuntimeOptions options = RuntimeOptions.defaults().withEnvironment(Map.of("GATEWATCH_STATUS_TOKEN", TOKEN,
                        "STATUS_PASSWORD", PASSWORD))
                .withConfig(ConfigFactory.parseString("""
                        gatewatch {
                          shutdown-hook = false
                          status.auth.bearer-token = ${GATEWATCH_STATUS_TOKEN}
                          status.auth.users.alice = ${STATUS_PASSWORD}
                          metrics.prefix = ${GATEWATCH_STATUS_TOKEN}
                          node-id = ${STATUS_PASSWORD}
                          common-tags { team = ${STATUS_PASSWORD} }
                        }
                        """));

        GatewatchConfigException e = catchThrowableOfType(GatewatchConfigException.class, () -> Bootstrap.start(options).close());

        assertThat(e.getMessage()).contains("gatewatch.metrics.prefix: expected a prefix")
                .contains("gatewatch.node-id: expected a node id")
                .contains("(the value of gatewatch.status.auth.bearer-token, hidden)")
                .contains("(the value of gatewatch.status.auth.users.alice, hidden)");
        for (String secret : new String[] {TOKEN, PASSWORD}) {
            for (int i = 0; i + 8 <= secret.length(); i++) {
                assertThat(e.getMessage()).doesNotContain(secret.substring(i, i + 8));
            }
        }
    }
}
