package io.gatewatch.internal.config;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConfigErrorsTest {

    @Test
    void everyProblemOfAValidationFailureBecomesItsOwnLine() {
        Config c = ConfigFactory.parseString("port = -1\nflavor = carrier-pigeon\n",
                ConfigParseOptions.defaults().setOriginDescription("app.conf"));
        ConfigException.ValidationFailed failed = new ConfigException.ValidationFailed(List.of(
                new ConfigException.ValidationProblem("port", c.getValue("port").origin(), "expected a port 1-65535, found -1"),
                new ConfigException.ValidationProblem("flavor", c.getValue("flavor").origin(),
                        "expected dogstatsd, etsy or telegraf, found carrier-pigeon")));

        List<ConfigProblem> problems = ConfigErrors.toProblems("gatewatch.exporters.statsd", failed);

        assertThat(problems).extracting(ConfigProblem::path)
                .containsExactly("gatewatch.exporters.statsd.port", "gatewatch.exporters.statsd.flavor");
        assertThat(problems).extracting(ConfigProblem::origin).containsExactly("app.conf:1", "app.conf:2");
        assertThat(problems.get(1).render()).contains("expected dogstatsd, etsy or telegraf, found carrier-pigeon");
    }
}
