package io.gatewatch.exporter.datadog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DatadogSettingsTest {

    @Test
    void defaultsArePinned() {
        DatadogSettings s = TestSettings.enabled("");
        assertThat(s.site()).isEqualTo("datadoghq.com");
        assertThat(s.baseUrl()).isEqualTo("https://api.datadoghq.com");
        assertThat(s.uri()).isEmpty();
        assertThat(s.interval()).isEqualTo(Duration.ofSeconds(10));
        assertThat(s.tags()).isEmpty();
        assertThat(s.host()).isEmpty();
        assertThat(s.connectTimeout()).isEqualTo(Duration.ofSeconds(2));
        assertThat(s.readTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(s.maxBufferedIntervals()).isEqualTo(30);
        assertThat(TestSettings.parse("").enabled()).isFalse();
    }

    @Test
    void everySiteMapsToItsApiHost() {
        assertThat(TestSettings.enabled("site = datadoghq.eu").baseUrl()).isEqualTo("https://api.datadoghq.eu");
        assertThat(TestSettings.enabled("site = us3.datadoghq.com").baseUrl()).isEqualTo("https://api.us3.datadoghq.com");
        assertThat(TestSettings.enabled("site = us5.datadoghq.com").baseUrl()).isEqualTo("https://api.us5.datadoghq.com");
        assertThat(TestSettings.enabled("site = ap1.datadoghq.com").baseUrl()).isEqualTo("https://api.ap1.datadoghq.com");
        assertThat(TestSettings.enabled("site = ddog-gov.com").baseUrl()).isEqualTo("https://api.ddog-gov.com");
        assertThat(TestSettings.enabled("uri = \"http://proxy.internal:8080/\"").baseUrl()).isEqualTo("http://proxy.internal:8080");
    }

    @Test
    void allKeysAreRead() {
        DatadogSettings s = TestSettings.enabled("""
                site = datadoghq.eu
                interval = 30s
                tags { team = edge, tier = 1 }
                host = gw-7
                connect-timeout = 500ms
                read-timeout = 3s
                max-buffered-intervals = 60
                """);
        assertThat(s.interval()).isEqualTo(Duration.ofSeconds(30));
        assertThat(s.tags()).containsExactly(Map.entry("team", "edge"), Map.entry("tier", "1"));
        assertThat(s.host()).isEqualTo(Optional.of("gw-7"));
        assertThat(s.connectTimeout()).isEqualTo(Duration.ofMillis(500));
        assertThat(s.readTimeout()).isEqualTo(Duration.ofSeconds(3));
        assertThat(s.maxBufferedIntervals()).isEqualTo(60);
    }

    @Test
    void theKeyComesFromDdApiKeyThroughReferenceConf() {
        // Environment variables resolve like root-level settings; this stands in for DD_API_KEY=...
        var merged = ConfigFactory.parseString("gatewatch.exporters.datadog.enabled = true")
                .withFallback(TestSettings.reference())
                .withFallback(ConfigFactory.parseMap(Map.of("DD_API_KEY", TestKeys.API_KEY)))
                .resolve();
        DatadogSettings s = DatadogSettings.from(merged.getConfig(TestSettings.PATH), TestSettings.PATH);
        assertThat(s.apiKey().reveal()).isEqualTo(TestKeys.API_KEY);
    }

    @Test
    void aMissingKeyFailsStartUpNamingThePathAndWhereToSetIt() {
        assertThatThrownBy(() -> TestSettings.parse("enabled = true"))
                .isInstanceOf(ConfigException.ValidationFailed.class)
                .hasMessageContaining("test.conf: 2")
                .hasMessageContaining("gatewatch.exporters.datadog.api-key: an API key is required")
                .hasMessageContaining("DD_API_KEY")
                .satisfies(e -> assertThat(((ConfigException.ValidationFailed) e).problems()).singleElement()
                        .satisfies(p -> assertThat(p.origin().lineNumber()).isEqualTo(2)));
    }

    @Test
    void anUnknownKeyIsRejectedWithFileAndLine() {
        assertThatThrownBy(() -> TestSettings.enabled("intervall = 5s"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("test.conf: 4")
                .hasMessageContaining("gatewatch.exporters.datadog.intervall: unknown setting");
    }

    @Test
    void allProblemsAreReportedTogether() {
        ConfigException e = catchConfig("""
                enabled = true
                site = datadoghq.org
                interval = banana
                read-timeout = 0s
                """);
        assertThat(e).isInstanceOf(ConfigException.ValidationFailed.class);
        List<String> paths = new ArrayList<>();
        ((ConfigException.ValidationFailed) e).problems().forEach(p -> paths.add(p.path() + "@" + p.origin().lineNumber()));
        assertThat(paths).containsExactlyInAnyOrder("gatewatch.exporters.datadog.api-key@2",
                "gatewatch.exporters.datadog.site@3", "gatewatch.exporters.datadog.interval@4",
                "gatewatch.exporters.datadog.read-timeout@5");
        assertThat(e.getMessage()).contains("datadoghq.eu").contains("banana");
    }

    @Test
    void aKeyOfTheWrongTypeIsReportedOnceAndNotEchoed() {
        ConfigException e = catchConfig("""
                enabled = true
                api-key = [ "%s" ]
                """.formatted(TestKeys.API_KEY));
        assertThat(((ConfigException.ValidationFailed) e).problems()).singleElement().satisfies(p -> {
            assertThat(p.path()).isEqualTo("gatewatch.exporters.datadog.api-key");
            assertThat(p.origin().lineNumber()).isEqualTo(3);
            assertThat(p.problem()).isEqualTo("expected string, found list");
        });
        assertThat(e.getMessage()).doesNotContain(TestKeys.API_KEY).doesNotContain(TestKeys.LAST_FOUR);
    }

    @Test
    void badValuesAreRejected() {
        assertThatThrownBy(() -> TestSettings.enabled("uri = \"ftp://x\"")).hasMessageContaining("uri");
        assertThatThrownBy(() -> TestSettings.enabled("uri = \"https://u:p@proxy\"")).hasMessageContaining("user info");
        assertThatThrownBy(() -> TestSettings.enabled("max-buffered-intervals = 0")).hasMessageContaining("at least 1");
        assertThatThrownBy(() -> TestSettings.enabled("max-buffered-intervals = 400")).hasMessageContaining("hour");
        assertThatThrownBy(() -> TestSettings.enabled("tags = [a, b]")).hasMessageContaining("tags");
        assertThatThrownBy(() -> TestSettings.parse("enabled = true\napi-key = \"ab cd\""))
                .hasMessageContaining("whitespace").hasMessageNotContaining("ab cd");
    }

    @Test
    void toStringMasksTheKeyToItsLastFour() {
        String text = TestSettings.enabled("").toString();
        assertThat(text).contains("api-key=****" + TestKeys.LAST_FOUR).doesNotContain(TestKeys.API_KEY);
        assertThat(new ApiKey("short").masked()).isEqualTo("****");
    }

    private static ConfigException catchConfig(String body) {
        try {
            DatadogSettings.from(ConfigFactory.parseString("gatewatch.exporters.datadog {\n" + body + "\n}",
                    ConfigParseOptions.defaults().setOriginDescription("test.conf"))
                    .withFallback(TestSettings.reference()).resolve()
                    .getConfig(TestSettings.PATH), TestSettings.PATH);
        } catch (ConfigException e) {
            return e;
        }
        throw new AssertionError("expected a ConfigException");
    }
}
