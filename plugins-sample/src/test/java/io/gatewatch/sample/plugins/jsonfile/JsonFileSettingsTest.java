package io.gatewatch.sample.plugins.jsonfile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class JsonFileSettingsTest {
    @Test
    void readsThePathAndTheInterval() {
        JsonFileSettings s = JsonFileSettings.from(ConfigFactory.parseString("enabled = true, path = \"m.jsonl\", interval = 5s"));
        assertThat(s.path()).isEqualTo(Path.of("m.jsonl"));
        assertThat(s.interval()).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void everyProblemIsReportedAtOnceWithItsPathAndLine() {
        ConfigException.ValidationFailed e = catchThrowableOfType(() -> JsonFileSettings.from(ConfigFactory.parseString(
                "enabled = true\npath = \"m.jsonl\"\ninterval = 0s\nintervall = 5s\n",
                ConfigParseOptions.defaults().setOriginDescription("application.conf"))), ConfigException.ValidationFailed.class);
        assertThat(e.problems()).extracting(ConfigException.ValidationProblem::path)
                .containsExactlyInAnyOrder("gatewatch.exporters.json-file.interval", "gatewatch.exporters.json-file.intervall");
        assertThat(e.problems()).allSatisfy(p -> assertThat(p.origin().description()).startsWith("application.conf"));
        assertThat(e.problems()).filteredOn(p -> p.path().endsWith(".interval")).singleElement()
                .satisfies(p -> {
                    assertThat(p.problem()).isEqualTo("must be positive, got 0s");
                    assertThat(p.origin().lineNumber()).isEqualTo(3);
                });
        assertThat(e.problems()).filteredOn(p -> p.path().endsWith(".intervall")).singleElement()
                .satisfies(p -> assertThat(p.origin().lineNumber()).isEqualTo(4));
    }
}
