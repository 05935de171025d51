package io.gatewatch.exporter.statsd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.typesafe.config.ConfigFactory;
import io.gatewatch.internal.runtime.Bootstrap;
import io.gatewatch.internal.runtime.RuntimeOptions;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A configured secret (here the status listener's bearer token, from the environment) substituted
 * into the StatsD exporter's settings: real start-up fails and never prints it.
 */
class SecretsInStatsdErrorsTest {
    private static final String TOKEN = "tok-9c2e51f0a7d34b68-ops";

    private static Throwable startWith(String statsd) {
        RuntimeOptions options = RuntimeOptions.defaults().withEnvironment(Map.of("GATEWATCH_STATUS_TOKEN", TOKEN))
                .withConfig(ConfigFactory.parseString("""
                        gatewatch {
                          shutdown-hook = false
                          status.auth.bearer-token = ${GATEWATCH_STATUS_TOKEN}
                          exporters.statsd { enabled = true, %s }
                        }
                        """.formatted(statsd)));
        return catchThrowable(() -> Bootstrap.start(options).close());
    }

    private static void assertNoPartOfTheToken(String text) {
        for (int i = 0; i + 8 <= TOKEN.length(); i++) {
            assertThat(text).as("8 characters of the token at " + i).doesNotContain(TOKEN.substring(i, i + 8));
        }
    }

    @Test
    void theTokenInFlavorPrefixOrHostIsNeverPrinted() {
        Throwable flavorAndPrefix = startWith("flavor = ${GATEWATCH_STATUS_TOKEN}, prefix = \"a.\"${GATEWATCH_STATUS_TOKEN}\"!\"");
        assertThat(flavorAndPrefix).hasMessageContaining("gatewatch.exporters.statsd.flavor")
                .hasMessageContaining("gatewatch.exporters.statsd.prefix")
                .hasMessageContaining("(the value of gatewatch.status.auth.bearer-token, hidden)");
        assertNoPartOfTheToken(flavorAndPrefix.getMessage());

        Throwable host = startWith("host = \"unix://\"${GATEWATCH_STATUS_TOKEN}, interval = ${GATEWATCH_STATUS_TOKEN}");
        assertThat(host).hasMessageContaining("gatewatch.exporters.statsd.interval");
        assertNoPartOfTheToken(String.valueOf(host.getMessage()));
        for (Throwable t = host; t != null; t = t.getCause()) {
            assertNoPartOfTheToken(String.valueOf(t.getMessage()));
        }
        System.out.println("FIGURES secrets-in-statsd-errors:\n" + flavorAndPrefix.getMessage() + "\n" + host.getMessage());
    }
}
