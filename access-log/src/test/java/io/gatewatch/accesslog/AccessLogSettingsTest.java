package io.gatewatch.accesslog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class AccessLogSettingsTest {
    private static AccessLogSettings from(String text) {
        return AccessLogSettings.from(ConfigFactory.parseString(text)
                .withFallback(ConfigFactory.defaultReference().getConfig("gatewatch.access-log")));
    }

    @Test
    void defaults() {
        AccessLogSettings s = from("");
        assertThat(s.file()).isNull();
        assertThat(s.sampleRate()).isEqualTo(1.0);
        assertThat(s.maxEventsPerSecond()).isEqualTo(1000);
        assertThat(s.queueSize()).isEqualTo(8192);
        assertThat(ConfigFactory.defaultReference().getBoolean("gatewatch.access-log.enabled")).isFalse();
    }

    @Test
    void fileOutput() {
        assertThat(from("output = \"/var/log/gw/access.jsonl\"").file()).isEqualTo(Path.of("/var/log/gw/access.jsonl"));
    }

    @Test
    void everyBadValueIsReported() {
        assertThatThrownBy(() -> from("output = \"\", sample-rate = -0.1, max-events-per-second = 0, queue-size = 0, typo = 1"))
                .isInstanceOf(ConfigException.ValidationFailed.class)
                .hasMessageContaining("gatewatch.access-log.output: must be stdout or a file path, got \"\"")
                .hasMessageContaining("gatewatch.access-log.sample-rate: must be between 0.0 and 1.0, got -0.1")
                .hasMessageContaining("gatewatch.access-log.max-events-per-second: must be between 1 and 16777215, got 0")
                .hasMessageContaining("gatewatch.access-log.queue-size: must be between 1 and 1048576, got 0")
                .hasMessageContaining("gatewatch.access-log.typo: unknown setting");
        assertThatThrownBy(() -> from("sample-rate = lots"))
                .hasMessageContaining("gatewatch.access-log.sample-rate");
    }

    @Test
    void ringRoundsUpToAPowerOfTwo() {
        assertThat(new EventRing(1).capacity()).isEqualTo(1);
        assertThat(new EventRing(2).capacity()).isEqualTo(2);
        assertThat(new EventRing(1000).capacity()).isEqualTo(1024);
        assertThat(new EventRing(8192).capacity()).isEqualTo(8192);
    }
}
