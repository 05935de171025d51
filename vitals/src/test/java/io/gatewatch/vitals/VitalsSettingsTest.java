package io.gatewatch.vitals;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class VitalsSettingsTest {

    /** The user's file over this module's reference.conf, as core merges them. */
    private static Config vitals(String userConf) {
        Config user = ConfigFactory.parseString(userConf, ConfigParseOptions.defaults().setOriginDescription("application.conf"));
        return user.withFallback(ConfigFactory.defaultReference()).resolve().getConfig("gatewatch.vitals");
    }

    @Test
    void referenceConfPinsTheDocumentedDefaults() {
        VitalsSettings settings = VitalsSettings.from(vitals(""));
        assertThat(settings).isEqualTo(VitalsSettings.defaults());
        assertThat(settings.enabled()).isTrue();
        assertThat(settings.fineRetention()).isEqualTo(Duration.ofHours(1));
        assertThat(settings.coarseRetention()).isEqualTo(Duration.ofHours(25));
        assertThat(settings.topN()).isEqualTo(20);
        assertThat(settings.fineSlots()).isEqualTo(3600);
        assertThat(settings.coarseSlots()).isEqualTo(1500);
    }

    @Test
    void readsEveryKey() {
        VitalsSettings settings = VitalsSettings.from(vitals(
                "gatewatch.vitals { enabled = false, fine-retention = 90s, coarse-retention = 2d, top-n = 5 }"));
        assertThat(settings).isEqualTo(new VitalsSettings(false, Duration.ofSeconds(90), Duration.ofDays(2), 5));
        assertThat(settings.fineSlots()).isEqualTo(90);
        assertThat(settings.coarseSlots()).isEqualTo(2880);
    }

    @Test
    void retentionsRoundUpToWholeSteps() {
        VitalsSettings settings = new VitalsSettings(true, Duration.ofMillis(1500), Duration.ofSeconds(61), 1);
        assertThat(settings.fineSlots()).isEqualTo(2);
        assertThat(settings.coarseSlots()).isEqualTo(2);
    }

    @Test
    void unknownKeyIsRejectedWithPathFileAndLine() {
        assertThatThrownBy(() -> VitalsSettings.from(vitals("gatewatch.vitals {\n  top-m = 5\n}")))
                .isInstanceOf(ConfigException.ValidationFailed.class)
                .hasMessageContaining("gatewatch.vitals.top-m")
                .hasMessageContaining("unknown setting")
                .hasMessageContaining("application.conf: 2");
    }

    @Test
    void everyBadValueIsReportedAtOnce() {
        assertThatThrownBy(() -> VitalsSettings.from(vitals(
                "gatewatch.vitals {\n fine-retention = 0s\n coarse-retention = -1h\n top-n = 1001\n enabled = maybe\n}")))
                .isInstanceOf(ConfigException.ValidationFailed.class)
                .hasMessageContaining("gatewatch.vitals.fine-retention")
                .hasMessageContaining("must be positive")
                .hasMessageContaining("application.conf: 2")
                .hasMessageContaining("gatewatch.vitals.coarse-retention")
                .hasMessageContaining("application.conf: 3")
                .hasMessageContaining("gatewatch.vitals.top-n: must be between 1 and 1000, got 1001")
                .hasMessageContaining("application.conf: 4")
                .hasMessageContaining("gatewatch.vitals.enabled")
                .hasMessageContaining("application.conf: 5");
    }

    @Test
    void wrongTypesAndOversizedRetentionsAreRejected() {
        assertThatThrownBy(() -> VitalsSettings.from(vitals("gatewatch.vitals.top-n = lots")))
                .isInstanceOf(ConfigException.ValidationFailed.class)
                .hasMessageContaining("gatewatch.vitals.top-n");
        assertThatThrownBy(() -> VitalsSettings.from(vitals("gatewatch.vitals.fine-retention = 2d")))
                .hasMessageContaining("gatewatch.vitals.fine-retention: must be at most PT24H");
        assertThatThrownBy(() -> VitalsSettings.from(vitals("gatewatch.vitals.top-n = 0")))
                .hasMessageContaining("must be between 1 and 1000, got 0");
    }

    @Test
    void theMemoryStoreIsTheDefaultAndPostgresSettingsAreReadWhenChosen() {
        assertThat(VitalsSettings.from(vitals("")).shared()).isFalse();
        VitalsSettings settings = VitalsSettings.from(vitals("gatewatch.vitals {\n store = postgres\n postgres {\n"
                + "  url = \"jdbc:postgresql://db:5432/gw\"\n  user = gw\n  password = \"hunter2-secret\"\n"
                + "  pool-size = 4, batch-size = 100, buffer-size = 500, connect-timeout = 2s\n }\n}"));
        assertThat(settings.shared()).isTrue();
        PostgresSettings pg = settings.postgres();
        assertThat(pg.url()).isEqualTo("jdbc:postgresql://db:5432/gw");
        assertThat(pg.user()).isEqualTo("gw");
        assertThat(pg.password().reveal()).isEqualTo("hunter2-secret");
        assertThat(pg.poolSize()).isEqualTo(4);
        assertThat(pg.batchSize()).isEqualTo(100);
        assertThat(pg.bufferSize()).isEqualTo(500);
        assertThat(pg.connectTimeout()).isEqualTo(Duration.ofSeconds(2));
        assertThat(pg.toString()).doesNotContain("hunter2").contains("password=****");
        assertThat(settings.toString()).doesNotContain("hunter2");
        assertThat(pg.password().scrub("FATAL: password hunter2-secret rejected")).isEqualTo("FATAL: password **** rejected");
    }

    @Test
    void badPostgresSettingsAreReportedWithFileAndLineAndNeverEchoThePassword() {
        assertThatThrownBy(() -> VitalsSettings.from(vitals("gatewatch.vitals {\n store = postgres\n postgres {\n"
                + "  url = \"mysql://db/gw\"\n  pool-size = 1\n  buffer-size = 0\n  colour = blue\n  password = \"s3cret-pw\"\n }\n}")))
                .isInstanceOf(ConfigException.ValidationFailed.class)
                .hasMessageContaining("application.conf: 4: gatewatch.vitals.postgres.url: must start with jdbc:postgresql://")
                .hasMessageContaining("application.conf: 5: gatewatch.vitals.postgres.pool-size: must be between 2 and 64, got 1")
                .hasMessageContaining("application.conf: 6: gatewatch.vitals.postgres.buffer-size: must be between 1 and 1000000, got 0")
                .hasMessageContaining("application.conf: 7: gatewatch.vitals.postgres.colour: unknown setting")
                .message().doesNotContain("s3cret-pw");
        assertThatThrownBy(() -> VitalsSettings.from(vitals("gatewatch.vitals {\n store = postgres\n}")))
                .hasMessageContaining("gatewatch.vitals.postgres.url: required when gatewatch.vitals.store = postgres");
        assertThatThrownBy(() -> VitalsSettings.from(vitals("gatewatch.vitals {\n store = cassandra\n}")))
                .hasMessageContaining("application.conf: 2: gatewatch.vitals.store: must be memory or postgres, got 'cassandra'");
        assertThatThrownBy(() -> VitalsSettings.from(vitals("gatewatch.vitals {\n store = postgres\n"
                + " postgres.url = \"jdbc:postgresql://db/gw?user=gw&password=leaked-pw\"\n}")))
                .hasMessageContaining("application.conf: 3: gatewatch.vitals.postgres.url: must not carry a password")
                .message().doesNotContain("leaked-pw");
    }
}
