package io.gatewatch.exporter.datadog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Key;
import com.google.inject.Stage;
import com.google.inject.TypeLiteral;
import com.typesafe.config.ConfigException;
import io.gatewatch.snapshot.Labels;
import io.gatewatch.snapshot.Snapshot;
import io.gatewatch.spi.GatewatchPlugin;
import io.gatewatch.spi.HealthCheck;
import io.gatewatch.spi.PushExporter;
import io.gatewatch.testing.ManualClock;
import io.gatewatch.testing.TestPluginContext;
import io.gatewatch.testing.datadog.FakeIntake;
import java.time.Duration;
import java.util.List;
import java.util.ServiceLoader;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class DatadogPluginTest {
    @RegisterExtension
    static final LogCapture LOGS = new LogCapture();

    @Test
    void isFoundThroughServiceLoader() {
        List<GatewatchPlugin> found = ServiceLoader.load(GatewatchPlugin.class).stream()
                .map(ServiceLoader.Provider::get).filter(p -> p.name().equals("datadog")).toList();
        assertThat(found).hasSize(1);
        assertThat(found.get(0)).isInstanceOf(DatadogPlugin.class);
        assertThat(found.get(0).configPath()).isEqualTo("exporters.datadog");
    }

    @Test
    void bindsItsExporterAndStatusCheckAndExportsThroughThem() throws Exception {
        TestPluginContext context = TestPluginContext.standalone().clock(new ManualClock(1_800_000_000_000L));
        try (FakeIntake intake = new FakeIntake(TestKeys.API_KEY)) {
            var config = TestSettings.subtree("enabled = true\napi-key = \"" + TestKeys.API_KEY + "\"\nuri = \""
                    + intake.baseUrl() + "\"\ninterval = 15s");
            Injector injector = Guice.createInjector(Stage.PRODUCTION, new DatadogPlugin().module(config, context));
            Set<PushExporter> exporters = injector.getInstance(Key.get(new TypeLiteral<Set<PushExporter>>() { }));
            Set<HealthCheck> checks = injector.getInstance(Key.get(new TypeLiteral<Set<HealthCheck>>() { }));

            assertThat(exporters).hasSize(1);
            PushExporter exporter = exporters.iterator().next();
            assertThat(exporter.name()).isEqualTo("datadog");
            assertThat(exporter.interval()).isEqualTo(Duration.ofSeconds(15));
            assertThat(checks).extracting(HealthCheck::name).containsExactly("datadog-intake");
            assertThat(intake.requests).as("declaring the module sends nothing").isEmpty();

            exporter.export(new Snapshot(context.clock().millis(), "node-1", Labels.EMPTY, List.of()));
            exporter.export(TrafficSnapshots.oneRequest(context.clock().millis()));
            exporter.flush();
            exporter.close();
            exporter.close();
            assertThat(intake.requests).hasSize(1);
            assertThat(intake.violations).isEmpty();
            assertThat(context.meters().count("gatewatch.datadog.requests", "accepted")).isEqualTo(1);
        }
    }

    @Test
    void aMissingKeyFailsBeforeAnythingIsBuilt() {
        assertThatThrownBy(() -> new DatadogPlugin().module(TestSettings.subtree("enabled = true"), TestPluginContext.standalone().clock(new ManualClock(1_800_000_000_000L))))
                .isInstanceOf(ConfigException.class).hasMessageContaining("DD_API_KEY");
    }
}
