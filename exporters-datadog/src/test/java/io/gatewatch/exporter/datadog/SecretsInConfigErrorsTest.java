package io.gatewatch.exporter.datadog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import io.gatewatch.internal.config.GatewatchConfigException;
import io.gatewatch.internal.runtime.Bootstrap;
import io.gatewatch.internal.runtime.RuntimeOptions;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code ${DD_API_KEY}} substituted into settings that are not secret, through real start-up
 * with the key in the environment: the report names each broken setting and never prints the
 * key, whole or in part.
 */
class SecretsInConfigErrorsTest {

    @Test
    void theApiKeySubstitutedIntoOtherSettingsIsNeverPrinted() {
        byte[] random = new byte[16];
        new SecureRandom().nextBytes(random);
        String key = HexFormat.of().formatHex(random);
        String conf = """
                gatewatch {
                  shutdown-hook = false
                  exporters.datadog {
                    enabled = true
                    site = ${DD_API_KEY}
                    interval = ${DD_API_KEY}
                    host = ${DD_API_KEY}
                  }
                }
                """;
        RuntimeOptions options = RuntimeOptions.defaults()
                .withConfig(ConfigFactory.parseString(conf, ConfigParseOptions.defaults().setOriginDescription("app.conf")))
                .withEnvironment(Map.of("DD_API_KEY", key));

        GatewatchConfigException e = catchThrowableOfType(GatewatchConfigException.class, () -> Bootstrap.start(options).close());

        String message = e.getMessage();
        // a substituted value's origin is the environment's, not the file's line
        assertThat(message).contains("environment variables: gatewatch.exporters.datadog.site: must be one of")
                .contains("environment variables: gatewatch.exporters.datadog.interval:")
                .contains("(the value of gatewatch.exporters.datadog.api-key, hidden)");
        for (int i = 0; i + 8 <= key.length(); i++) {
            assertThat(message).as("8 characters of the key at " + i).doesNotContain(key.substring(i, i + 8));
        }
        assertThat(e.problems()).allSatisfy(p -> assertThat(p.render()).doesNotContain(key));
        System.out.println("FIGURES secrets-in-config-errors: " + e.problems().size() + " problems, report:\n" + message);
    }
}
