package io.gatewatch.internal.runtime;

import static io.gatewatch.internal.testing.Eventually.eventually;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.ConfigFactory;
import io.gatewatch.Gatewatch;
import io.gatewatch.api.HealthStatus;
import io.gatewatch.api.HealthView.ComponentHealth;
import io.gatewatch.api.Probe;
import io.gatewatch.internal.config.GatewatchConfigException;
import io.gatewatch.internal.testing.PluginJarBuilder;
import io.gatewatch.internal.testing.TestClassLoaders;
import io.gatewatch.snapshot.GaugePoint;
import io.gatewatch.snapshot.Labels;
import io.gatewatch.snapshot.MetricFamily;
import io.gatewatch.spi.Lifecycle;
import io.gatewatch.spi.PushExporter;
import io.gatewatch.spi.StatusRoute;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A third-party plugin, compiled from source during the test and packed into its own jar, is
 * found through META-INF/services, configured from its subtree and started, with no change to core.
 */
class PluginDiscoveryTest {
    private static final String PLUGIN = """
            package com.example.audit;

            import com.google.inject.AbstractModule;
            import com.google.inject.Module;
            import com.typesafe.config.Config;
            import io.gatewatch.api.Probe;
            import io.gatewatch.api.Unit;
            import io.gatewatch.snapshot.*;
            import io.gatewatch.spi.*;
            import java.time.Duration;
            import java.util.List;
            import java.util.Set;

            public final class AuditPlugin implements GatewatchPlugin {
                public String name() { return "audit"; }
                public String configPath() { return "audit"; }

                public Module module(Config config, PluginContext context) {
                    String target = config.getString("target");
                    Duration interval = config.getDuration("interval");
                    MetricDescriptor info = MetricDescriptor.gauge("audit.target", "Where audit records go",
                            Unit.NONE, "target");
                    return new AbstractModule() {
                        @Override
                        protected void configure() {
                            Contributions.metricSources(binder()).addBinding().toInstance(() -> List.of(
                                    new MetricFamily(info, List.of(new GaugePoint(Labels.pairs("target", target), 1)))));
                            Contributions.lifecycles(binder()).addBinding().toInstance(new Lifecycle() {
                                public String name() { return "audit-writer"; }
                                public void start() { context.health().component("audit-writer").ok("opened " + target); }
                                public void stop() { context.health().component("audit-writer").error("closed"); }
                            });
                            Contributions.pushExporters(binder()).addBinding().toInstance(new PushExporter() {
                                public String name() { return "audit"; }
                                public Duration interval() { return interval; }
                                public void export(Snapshot snapshot) { }
                                public void close() { }
                            });
                            Contributions.healthChecks(binder()).addBinding().toInstance(new HealthCheck() {
                                public String name() { return "audit-target"; }
                                public Set<Probe> probes() { return Set.of(Probe.READINESS); }
                                public HealthResult check() { return HealthResult.up(target + " reachable"); }
                                public Duration interval() { return Duration.ofMillis(50); }
                            });
                        }
                    };
                }
            }
            """;
    private static final String REFERENCE = """
            gatewatch.audit {
              enabled = false
              target = null      # required
              interval = 10s
            }
            """;

    @TempDir
    static Path dir;

    private static Path jar;

    @BeforeAll
    static void buildPluginJar() {
        jar = new PluginJarBuilder()
                .source("com.example.audit.AuditPlugin", PLUGIN)
                .service("com.example.audit.AuditPlugin")
                .resource("reference.conf", REFERENCE)
                .build(dir, "audit-plugin");
    }

    @Test
    void aPluginJarOnTheClassPathIsFoundConfiguredAndStarted() throws Exception {
        try (URLClassLoader loader = TestClassLoaders.withJars(jar);
             Gatewatch gw = Gatewatch.builder().classLoader(loader).config(ConfigFactory.parseString(Runtimes.FAST
                     + "gatewatch.audit { enabled = true, target = \"s3://audit-bucket\", interval = 50ms }")).start()) {

            MetricFamily target = gw.snapshot().family("audit.target");
            assertThat(target).as("the plugin's metric source, configured from its subtree").isNotNull();
            assertThat(target.point(Labels.pairs("target", "s3://audit-bucket"))).isInstanceOf(GaugePoint.class);
            assertThat(component(gw, "audit-writer")).hasValueSatisfying(c ->
                    assertThat(c.records()).extracting(r -> r.message()).containsExactly("opened s3://audit-bucket"));
            eventually(Duration.ofSeconds(30), () -> {
                assertThat(component(gw, "audit-target")).hasValueSatisfying(c ->
                        assertThat(c.status()).isEqualTo(HealthStatus.HEALTHY));
                assertThat(component(gw, "exporter:audit")).hasValueSatisfying(c ->
                        assertThat(c.status()).isEqualTo(HealthStatus.HEALTHY));
                assertThat(gw.health().probe(Probe.READINESS).up()).isTrue();
            });
        }
    }

    /** One third party's exporter: binds {@code Duration}, the same type the other jar's plugin binds. */
    private static final String SAME_TYPE_PLUGIN = """
            package com.example.%1$s;

            import com.google.inject.AbstractModule;
            import com.google.inject.Inject;
            import com.google.inject.Module;
            import com.typesafe.config.Config;
            import io.gatewatch.api.Unit;
            import io.gatewatch.snapshot.GaugePoint;
            import io.gatewatch.snapshot.Labels;
            import io.gatewatch.snapshot.MetricDescriptor;
            import io.gatewatch.snapshot.MetricFamily;
            import io.gatewatch.spi.Contributions;
            import io.gatewatch.spi.GatewatchPlugin;
            import io.gatewatch.spi.MetricSource;
            import io.gatewatch.spi.PluginContext;
            import java.time.Duration;
            import java.util.Collection;
            import java.util.List;

            public final class ExporterPlugin implements GatewatchPlugin {
                public String name() { return "%1$s"; }
                public String configPath() { return "exporters.%1$s"; }

                public Module module(Config config, PluginContext context) {
                    Duration interval = config.getDuration("interval");
                    return new AbstractModule() {
                        @Override
                        protected void configure() {
                            bind(Duration.class).toInstance(interval);
                            Contributions.metricSources(binder()).addBinding().to(IntervalSource.class);
                        }
                    };
                }

                public static final class IntervalSource implements MetricSource {
                    private static final MetricDescriptor INTERVAL =
                            MetricDescriptor.gauge("%1$s.interval", "Seconds between sends", Unit.NONE);
                    private final Duration interval;

                    @Inject
                    public IntervalSource(Duration interval) {
                        this.interval = interval;
                    }

                    public Collection<MetricFamily> collect() {
                        return List.of(new MetricFamily(INTERVAL,
                                List.of(new GaugePoint(Labels.EMPTY, interval.toSeconds()))));
                    }
                }
            }
            """;

    @Test
    void twoThirdPartyJarsThatBindTheSameTypeRunTogetherEachWithItsOwnBinding() throws Exception {
        Path graphite = new PluginJarBuilder()
                .source("com.example.graphite.ExporterPlugin", SAME_TYPE_PLUGIN.formatted("graphite"))
                .service("com.example.graphite.ExporterPlugin")
                .resource("reference.conf", "gatewatch.exporters.graphite { enabled = false, interval = 10s }\n")
                .build(dir, "graphite-exporter");
        Path influx = new PluginJarBuilder()
                .source("com.example.influx.ExporterPlugin", SAME_TYPE_PLUGIN.formatted("influx"))
                .service("com.example.influx.ExporterPlugin")
                .resource("reference.conf", "gatewatch.exporters.influx { enabled = false, interval = 10s }\n")
                .build(dir, "influx-exporter");
        try (URLClassLoader loader = TestClassLoaders.withJars(graphite, influx);
             Gatewatch gw = Gatewatch.builder().classLoader(loader).config(ConfigFactory.parseString(Runtimes.FAST
                     + "gatewatch.exporters.graphite { enabled = true, interval = 7s }\n"
                     + "gatewatch.exporters.influx { enabled = true, interval = 9s }")).start()) {
            assertThat(((GaugePoint) gw.snapshot().family("graphite.interval").points().get(0)).value()).isEqualTo(7.0);
            assertThat(((GaugePoint) gw.snapshot().family("influx.interval").points().get(0)).value()).isEqualTo(9.0);
        }
    }

    @Test
    void aDisabledPluginIsNotStarted() throws Exception {
        try (URLClassLoader loader = TestClassLoaders.withJars(jar);
             Gatewatch gw = Gatewatch.builder().classLoader(loader)
                     .config(ConfigFactory.parseString(Runtimes.FAST + "gatewatch.audit.target = \"s3://x\"")).start()) {
            assertThat(gw.snapshot().family("audit.target")).isNull();
            assertThat(gw.health().components()).isEmpty();
        }
    }

    @Test
    void theDisabledPluginsRequiredSettingsAreNotDemanded() throws Exception {
        try (URLClassLoader loader = TestClassLoaders.withJars(jar);
             Gatewatch gw = Gatewatch.builder().classLoader(loader).config(ConfigFactory.parseString(Runtimes.FAST)).start()) {
            assertThat(gw.runtime().state()).isEqualTo(io.gatewatch.api.RuntimeInfo.State.RUNNING);
        }
    }

    @Test
    void withoutThePluginJarItsSettingsAreUnknown() {
        assertThatThrownBy(() -> Gatewatch.builder()
                .config(ConfigFactory.parseString(Runtimes.FAST + "gatewatch.audit.target = x")).start())
                .isInstanceOf(GatewatchConfigException.class)
                .hasMessageContaining("gatewatch.audit: unknown setting (no reference.conf on the classpath declares it)");
    }

    @Test
    void anEnabledSubtreeThatNoPluginClaimsFailsStartUpWithThePathTheLineAndTheFix() throws Exception {
        String expected = "gatewatch.audit.enabled: enabled, but no plugin on the classpath claims gatewatch.audit: "
                + "no jar has a META-INF/services/io.gatewatch.spi.GatewatchPlugin entry for a plugin whose "
                + "configPath() is \"audit\"; put the plugin's jar on the classpath and check that it lists its "
                + "plugin class in that file";
        // the jar is there, classes and reference.conf included, but its service file was forgotten
        Path unlisted = new PluginJarBuilder()
                .source("com.example.audit.AuditPlugin", PLUGIN)
                .resource("reference.conf", REFERENCE)
                .build(dir, "audit-plugin-unlisted");
        try (URLClassLoader loader = TestClassLoaders.withJars(unlisted)) {
            assertThatThrownBy(() -> Gatewatch.builder().classLoader(loader).config(ConfigFactory.parseString(
                    Runtimes.FAST + "gatewatch.audit {\n  target = x\n  enabled = true\n}")).start())
                    .isInstanceOf(GatewatchConfigException.class)
                    .hasMessage("Invalid gatewatch configuration (1 problem):\n  - String:4: " + expected);
        }
        // no jar at all: the same one problem, not an extra "unknown setting" for the same subtree
        assertThatThrownBy(() -> Gatewatch.builder().config(ConfigFactory.parseString(
                Runtimes.FAST + "gatewatch.audit {\n  target = x\n  enabled = true\n}")).start())
                .isInstanceOf(GatewatchConfigException.class)
                .hasMessage("Invalid gatewatch configuration (1 problem):\n  - String:4: " + expected);
        // a system property gives the string "true": the same
        assertThatThrownBy(() -> Gatewatch.builder().config(ConfigFactory.parseString(
                Runtimes.FAST + "gatewatch.audit.enabled = \"true\"")).start())
                .isInstanceOf(GatewatchConfigException.class)
                .hasMessageContaining("gatewatch.audit.enabled: enabled, but no plugin on the classpath claims");
        // nested anywhere below gatewatch, for example a third-party exporter
        assertThatThrownBy(() -> Gatewatch.builder().config(ConfigFactory.parseString(
                Runtimes.FAST + "gatewatch.exporters.graphite.enabled = true")).start())
                .isInstanceOf(GatewatchConfigException.class)
                .hasMessageContaining("gatewatch.exporters.graphite.enabled: enabled, but no plugin on the "
                        + "classpath claims gatewatch.exporters.graphite");
    }

    @Test
    void eachPluginFoundIsDescribedByItsNameJarAndVersion() throws Exception {
        Path versioned = new PluginJarBuilder()
                .source("com.example.audit.AuditPlugin", PLUGIN)
                .service("com.example.audit.AuditPlugin")
                .resource("reference.conf", REFERENCE)
                .resource("META-INF/MANIFEST.MF", "Manifest-Version: 1.0\nImplementation-Version: 2.3.1\n\n")
                .build(dir, "audit-plugin-2.3.1");
        try (URLClassLoader loader = TestClassLoaders.withJars(versioned)) {
            List<io.gatewatch.spi.GatewatchPlugin> found = PluginDiscovery.discover(loader, List.of());
            assertThat(found).hasSize(1);
            assertThat(PluginOrigin.of(found.get(0)))
                    .isEqualTo(new PluginOrigin("audit", "audit", versioned.toString(), "2.3.1"));
        }
        // a plugin from a classes directory has no manifest: its version is unknown, its place is shown
        TestPlugin local = new TestPlugin("local", "local", (c, ctx) -> binder -> { });
        PluginOrigin origin = PluginOrigin.of(local);
        assertThat(origin.version()).isEqualTo("unknown");
        assertThat(origin.jar()).endsWith("test-classes");
    }

    @Test
    void enablingAFirstPartyPluginWhoseJarIsMissingNamesTheArtifactToAdd() {
        assertThatThrownBy(() -> Gatewatch.builder().config(ConfigFactory.parseString(Runtimes.FAST
                + "gatewatch.exporters.statsd { enabled = true, port = 8125 }\n"
                + "gatewatch.exporters.datadog { enabled = false }\n"
                + "gatewatch.vitals.enabled = true")).start())
                .isInstanceOf(GatewatchConfigException.class)
                .hasMessage("Invalid gatewatch configuration (2 problems):\n"
                        + "  - String:2: gatewatch.exporters.statsd.enabled: the plugin is enabled but not on the "
                        + "classpath; add the artifact io.gatewatch:gatewatch-exporter-statsd\n"
                        + "  - String:4: gatewatch.vitals.enabled: the plugin is enabled but not on the classpath; "
                        + "add the artifact io.gatewatch:gatewatch-vitals");
    }

    @Test
    void aServiceEntryNamingAMissingClassFailsStartUpNamingIt() throws Exception {
        Path broken = new PluginJarBuilder().service("com.example.Gone").build(dir, "broken-plugin");
        try (URLClassLoader loader = TestClassLoaders.withJars(broken)) {
            assertThatThrownBy(() -> Gatewatch.builder().classLoader(loader)
                    .config(ConfigFactory.parseString(Runtimes.FAST)).start())
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("could not be loaded")
                    .hasMessageContaining("com.example.Gone");
        }
    }

    @Test
    void twoPluginsClaimingOneConfigPathFailStartUp() throws Exception {
        try (URLClassLoader loader = TestClassLoaders.withJars(jar)) {
            TestPlugin impostor = new TestPlugin("audit-2", "audit", (c, ctx) -> binder -> { });
            assertThatThrownBy(() -> Bootstrap.start(RuntimeOptions.defaults().withClassLoader(loader)
                    .withConfig(ConfigFactory.parseString(Runtimes.FAST)).withPlugins(List.of(impostor))
                    .withEnvironment(Map.of())))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("two plugins claim the config path 'gatewatch.audit'");
        }
    }

    @Test
    void aPluginHandedInDirectlyStandsInForTheSameOneFoundThroughItsJar() throws Exception {
        try (URLClassLoader loader = TestClassLoaders.withJars(jar)) {
            TestPlugin same = new TestPlugin("audit", "audit", (c, ctx) -> binder -> { });
            List<io.gatewatch.spi.GatewatchPlugin> found = PluginDiscovery.discover(loader, List.of(same));
            assertThat(found).containsExactly(same);
        }
    }

    @Test
    void contributionsAreInjectableAsSetsAndOnlyEnabledPluginsContribute() throws Exception {
        try (URLClassLoader loader = TestClassLoaders.withJars(jar);
             GatewatchRuntime gw = Bootstrap.start(RuntimeOptions.defaults().withClassLoader(loader)
                     .withConfig(ConfigFactory.parseString(Runtimes.FAST + "gatewatch.audit { enabled = true, target = t }"))
                     .withEnvironment(Map.of()))) {
            assertThat(gw.injector("audit").getInstance(com.google.inject.Key.get(
                    new com.google.inject.TypeLiteral<Set<PushExporter>>() { }))).extracting(PushExporter::name)
                    .containsExactly("audit");
            assertThat(gw.injector("audit").getInstance(com.google.inject.Key.get(
                    new com.google.inject.TypeLiteral<Set<Lifecycle>>() { }))).extracting(Lifecycle::name)
                    .containsExactly("audit-writer");
            assertThat(gw.injector("audit").getInstance(com.google.inject.Key.get(
                    new com.google.inject.TypeLiteral<Set<StatusRoute>>() { }))).isEmpty();
        }
    }

    private static Optional<ComponentHealth> component(Gatewatch gw, String name) {
        return gw.health().components().stream().filter(c -> c.name().equals(name)).findFirst();
    }
}
