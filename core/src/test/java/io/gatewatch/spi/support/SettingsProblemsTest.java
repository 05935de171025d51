package io.gatewatch.spi.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class SettingsProblemsTest {
    private static final String PATH = "gatewatch.exporters.audit";

    @Test
    void aWrongTypeNamesTheFullPathItsLineAndWhatWasExpectedAndFound() {
        Config config = parse("target = \"a\"\ninterval = [1]\nport = nine\n");
        ConfigException.ValidationFailed e = failure(config, p -> {
            assertThat(p.read("port", () -> config.getInt("port"), 8125)).isEqualTo(8125);
            p.read("interval", () -> config.getDuration("interval"), Duration.ofSeconds(10));
        });
        assertThat(e.problems()).extracting(ConfigException.ValidationProblem::path)
                .containsExactly(PATH + ".port", PATH + ".interval");
        assertThat(e.problems()).extracting(q -> q.origin().lineNumber()).containsExactly(3, 2);
        assertThat(list(e).get(0).problem()).isEqualTo("expected number, found string");
        assertThat(list(e).get(1).problem()).isEqualTo("expected string, found list");
    }

    @Test
    void anUnparsableDurationSaysWhyWithoutRepeatingThePath() {
        Config config = parse("interval = banana\n");
        ConfigException.ValidationFailed e = failure(config,
                p -> p.read("interval", () -> config.getDuration("interval"), Duration.ofSeconds(10)));
        assertThat(e.problems()).singleElement().satisfies(q -> {
            assertThat(q.path()).isEqualTo(PATH + ".interval");
            assertThat(q.origin().lineNumber()).isEqualTo(1);
            assertThat(q.problem()).isEqualTo("No number in duration value 'banana'");
        });
    }

    @Test
    void readLeavesAMissingOrNullSettingToItsFallback() {
        Config config = parse("host = null\n");
        SettingsProblems problems = new SettingsProblems(config, PATH);
        assertThat(problems.read("host", () -> config.getString("host"), "127.0.0.1")).isEqualTo("127.0.0.1");
        assertThat(problems.read("port", () -> config.getInt("port"), 8125)).isEqualTo(8125);
        problems.throwIfAny();
    }

    @Test
    void readRequiredReportsAMissingSettingAndANullOneAtItsLine() {
        Config config = parse("enabled = true\nhost = null\n");
        ConfigException.ValidationFailed e = failure(config, p -> {
            assertThat(p.readRequired("host", () -> config.getString("host"), "127.0.0.1")).isEqualTo("127.0.0.1");
            assertThat(p.readRequired("port", () -> config.getInt("port"), 8125)).isEqualTo(8125);
            assertThat(p.readRequired("enabled", () -> config.getBoolean("enabled"), false)).isTrue();
        });
        assertThat(e.problems()).hasSize(2);
        assertThat(list(e).get(0)).satisfies(q -> {
            assertThat(q.path()).isEqualTo(PATH + ".host");
            assertThat(q.origin().lineNumber()).isEqualTo(2);
            assertThat(q.problem()).isEqualTo("expected string, found null");
        });
        assertThat(list(e).get(1)).satisfies(q -> {
            assertThat(q.path()).isEqualTo(PATH + ".port");
            assertThat(q.origin().description()).contains("application.conf");
            assertThat(q.problem()).isEqualTo("expected a value, found nothing (the setting is missing)");
        });
    }

    @Test
    void aProblemAddedForASettingSetToNullPointsAtThatLine() {
        Config config = parse("enabled = true\n\nprefix = null\n");
        ConfigException.ValidationFailed e = failure(config, p -> p.add("prefix", "must not be null"));
        assertThat(e.problems()).singleElement().satisfies(q -> {
            assertThat(q.path()).isEqualTo(PATH + ".prefix");
            assertThat(q.origin().lineNumber()).isEqualTo(3);
        });
    }

    @Test
    void unknownKeysAreNamedWithTheirLinesAndTheKnownOnes() {
        Config config = parse("enabled = true\ntarget = x\ntarjet = y\nauth { user = a, pasword = b }\n");
        ConfigException.ValidationFailed e = failure(config, p -> {
            p.rejectUnknown(config.root(), "", Set.of("enabled", "target", "auth"));
            p.rejectUnknown(config.getObject("auth"), "auth.", Set.of("user", "password"));
        });
        assertThat(e.problems()).extracting(q -> q.path() + "@" + q.origin().lineNumber() + ": " + q.problem())
                .containsExactlyInAnyOrder(PATH + ".tarjet@3: unknown setting (known: auth, enabled, target)",
                        PATH + ".auth.pasword@4: unknown setting (known: password, user)");
    }

    @Test
    void aDurationThatIsNotPositiveIsReportedAtItsLineAndReplacedByTheFallback() {
        Config config = parse("interval = 0s\ntimeout = -1s\nretry = 2s\n");
        Duration fallback = Duration.ofSeconds(10);
        ConfigException.ValidationFailed e = failure(config, p -> {
            assertThat(p.positive("interval", config.getDuration("interval"), fallback)).isEqualTo(fallback);
            assertThat(p.positive("timeout", config.getDuration("timeout"), fallback)).isEqualTo(fallback);
            assertThat(p.positive("retry", config.getDuration("retry"), fallback)).isEqualTo(Duration.ofSeconds(2));
        });
        assertThat(e.problems()).extracting(q -> q.path() + "@" + q.origin().lineNumber() + ": " + q.problem())
                .containsExactly(PATH + ".interval@1: must be positive, got 0s",
                        PATH + ".timeout@2: must be positive, got -1s");
    }

    @Test
    void rangeChecksNameTheBoundsAndTheValueAsWrittenAndReturnTheFallback() {
        Config config = parse("port = 70000\nqueue = 0\nrate = 2h\nlinger = 1500 ms\nok = 8125\n");
        ConfigException.ValidationFailed e = failure(config, p -> {
            assertThat(p.between("port", config.getInt("port"), 1, 65535, 2003)).isEqualTo(2003);
            assertThat(p.between("queue", config.getInt("queue"), 1, 4096, 64)).isEqualTo(64);
            assertThat(p.between("ok", config.getInt("ok"), 1, 65535, 2003)).isEqualTo(8125);
            assertThat(p.between("rate", config.getDuration("rate"), Duration.ofMillis(100), Duration.ofMinutes(1),
                    Duration.ofSeconds(10))).isEqualTo(Duration.ofSeconds(10));
            assertThat(p.between("linger", config.getDuration("linger"), Duration.ofMillis(100),
                    Duration.ofMinutes(1), Duration.ofSeconds(10))).isEqualTo(Duration.ofMillis(1500));
        });
        assertThat(e.problems()).extracting(q -> q.path() + "@" + q.origin().lineNumber() + ": " + q.problem())
                .containsExactly(PATH + ".port@1: must be between 1 and 65535, got 70000",
                        PATH + ".queue@2: must be between 1 and 4096, got 0",
                        PATH + ".rate@3: must be between 100ms and 1m, got 2h");
    }

    @Test
    void durationsAreSpelledInTheUnitsHoconReads() {
        assertThat(SettingsProblems.human(Duration.ofMillis(250))).isEqualTo("250ms");
        assertThat(SettingsProblems.human(Duration.ofSeconds(90))).isEqualTo("90s");
        assertThat(SettingsProblems.human(Duration.ofMinutes(5))).isEqualTo("5m");
        assertThat(SettingsProblems.human(Duration.ofHours(-2))).isEqualTo("-2h");
        assertThat(SettingsProblems.human(Duration.ofDays(1))).isEqualTo("1d");
        assertThat(SettingsProblems.human(Duration.ZERO)).isEqualTo("0ms");
        assertThat(SettingsProblems.human(Duration.ofNanos(1500))).isEqualTo("1500ns");
    }

    @Test
    void nothingIsThrownWithoutAProblem() {
        Config config = parse("port = 1\n");
        SettingsProblems problems = new SettingsProblems(config, PATH);
        assertThat(problems.readRequired("port", () -> config.getInt("port"), 8125)).isEqualTo(1);
        problems.throwIfAny();
    }

    private static List<ConfigException.ValidationProblem> list(ConfigException.ValidationFailed e) {
        List<ConfigException.ValidationProblem> list = new ArrayList<>();
        e.problems().forEach(list::add);
        return list;
    }

    private static Config parse(String text) {
        return ConfigFactory.parseString(text, ConfigParseOptions.defaults().setOriginDescription("application.conf"));
    }

    private static ConfigException.ValidationFailed failure(Config config, Consumer<SettingsProblems> reads) {
        SettingsProblems problems = new SettingsProblems(config, PATH);
        reads.accept(problems);
        return catchThrowableOfType(ConfigException.ValidationFailed.class, problems::throwIfAny);
    }
}
