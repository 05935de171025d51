package io.gatewatch.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.inject.AbstractModule;
import com.google.inject.Module;
import com.typesafe.config.Config;
import io.gatewatch.api.HealthStatus;
import io.gatewatch.api.HttpMethod;
import io.gatewatch.api.Probe;
import io.gatewatch.api.ResponseSource;
import io.gatewatch.snapshot.CounterPoint;
import io.gatewatch.snapshot.MetricFamily;
import io.gatewatch.snapshot.Point;
import io.gatewatch.snapshot.Snapshot;
import io.gatewatch.spi.Contributions;
import io.gatewatch.spi.GatewatchPlugin;
import io.gatewatch.spi.HealthCheck;
import io.gatewatch.spi.HealthResult;
import io.gatewatch.spi.PluginContext;
import io.gatewatch.spi.PushExporter;
import io.gatewatch.spi.StatusRequest;
import io.gatewatch.spi.StatusResponse;
import io.gatewatch.spi.StatusRoute;
import io.gatewatch.spi.support.DeltaTracker;
import io.gatewatch.spi.support.SettingsProblems;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** A plugin as a third-party author writes it, tested only through the harness's public surface. */
class PluginHarnessTest {

    /** Counts requests per interval into a list; a check and a route say what it last sent. */
    static final class TallyPlugin implements GatewatchPlugin {
        final List<Long> sent = new CopyOnWriteArrayList<>();

        public String name() {
            return "tally";
        }

        public String configPath() {
            return "exporters.tally";
        }

        public Module module(Config config, PluginContext context) {
            SettingsProblems problems = new SettingsProblems(config, "gatewatch.exporters.tally");
            int port = problems.between("port", problems.read("port", () -> config.getInt("port"), 2003), 1, 65535, 2003);
            problems.throwIfAny();
            DeltaTracker deltas = new DeltaTracker();
            return new AbstractModule() {
                protected void configure() {
                    Contributions.pushExporters(binder()).addBinding().toInstance(new PushExporter() {
                        public String name() {
                            return "tally";
                        }

                        public Duration interval() {
                            return Duration.ofHours(1);
                        }

                        public void export(Snapshot snapshot) {
                            DeltaTracker.Delta delta = deltas.delta(snapshot);
                            long requests = 0;
                            MetricFamily family = delta.interval().family("requests");
                            for (Point p : family == null ? List.<Point>of() : family.points()) {
                                requests += ((CounterPoint) p).value();
                            }
                            sent.add(requests);
                            deltas.commit(delta);
                        }

                        public void close() {
                        }
                    });
                    Contributions.healthChecks(binder()).addBinding().toInstance(new HealthCheck() {
                        public String name() {
                            return "tally-target";
                        }

                        public Set<Probe> probes() {
                            return Set.of(Probe.READINESS);
                        }

                        public HealthResult check() {
                            return HealthResult.up("port " + port);
                        }

                        public Duration interval() {
                            return Duration.ofMillis(20);
                        }
                    });
                    Contributions.statusRoutes(binder()).addBinding().toInstance(new StatusRoute() {
                        public String path() {
                            return "/tally";
                        }

                        public StatusResponse handle(StatusRequest request) {
                            return StatusResponse.text(200, "last=" + (sent.isEmpty() ? "none" : sent.get(sent.size() - 1))
                                    + " unit=" + request.param("unit"));
                        }
                    });
                }
            };
        }
    }

    @Test
    void startsAPluginFromHoconRecordsThroughThePublicApiAndReadsItsExporterCheckAndRoute() throws Exception {
        TallyPlugin plugin = new TallyPlugin();
        try (PluginHarness gw = PluginHarness.start(plugin, "gatewatch.exporters.tally { enabled = true, port = 2003 }")) {
            for (int i = 0; i < 3; i++) {
                gw.metrics().route("users", "get-user").record(HttpMethod.GET, 200, ResponseSource.UPSTREAM,
                        2_000_000L, 1_500_000L, 0, 512);
            }
            gw.export("tally");
            gw.metrics().route("users", "get-user").record(HttpMethod.GET, 503, ResponseSource.UPSTREAM,
                    2_000_000L, 1_500_000L, 0, 0);
            gw.clock().advance(Duration.ofSeconds(10));
            gw.export("tally");
            assertThat(plugin.sent).containsExactly(3L, 1L);
            assertThat(gw.snapshot().timestampMillis()).isEqualTo(1_700_000_010_000L);

            assertThat(gw.component("exporter:tally")).as("listed by core from start-up").isPresent();
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(() ->
                    gw.component("tally-target").map(c -> c.status() == HealthStatus.HEALTHY).orElse(false));
            assertThat(gw.health().probe(Probe.READINESS).up()).isTrue();

            StatusResponse tally = gw.get("/tally?unit=req");
            assertThat(tally.status()).isEqualTo(200);
            assertThat(new String(tally.body(), StandardCharsets.UTF_8)).isEqualTo("last=1 unit=req");
            assertThatThrownBy(() -> gw.export("nope")).hasMessageContaining("the plugin contributes [tally]");
        }
    }

    @Test
    void runsAPluginsCheckOnTheTestsThreadByName() throws Exception {
        try (PluginHarness gw = PluginHarness.start(new TallyPlugin(), "gatewatch.exporters.tally { enabled = true, port = 2004 }")) {
            assertThat(gw.check("tally-target")).isEqualTo(HealthResult.up("port 2004"));
            assertThatThrownBy(() -> gw.check("nope")).hasMessageContaining("the plugin contributes [tally-target]");
        }
    }

    @Test
    void invalidSettingsFailAsTheyWouldInAGatewayWithPathAndLine() {
        assertThatThrownBy(() -> PluginHarness.start(new TallyPlugin(),
                "gatewatch.exporters.tally {\n  enabled = true\n  port = 70000\n}"))
                .hasMessageContaining("test.conf:3: gatewatch.exporters.tally.port: must be between 1 and 65535, got 70000");
    }
}
