package io.gatewatch.internal.runtime;

import static io.gatewatch.internal.testing.Eventually.eventually;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.inject.AbstractModule;
import io.gatewatch.api.HealthStatus;
import io.gatewatch.api.HealthView.ComponentHealth;
import io.gatewatch.api.Probe;
import io.gatewatch.api.RuntimeInfo;
import io.gatewatch.snapshot.CounterPoint;
import io.gatewatch.snapshot.Labels;
import io.gatewatch.snapshot.MetricFamily;
import io.gatewatch.snapshot.Snapshot;
import io.gatewatch.spi.Contributions;
import io.gatewatch.spi.Lifecycle.StopPhase;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LifecycleTest {
    private static final String REFERENCE = "gatewatch.test { enabled = true }\n";
    private static final Duration HOUR = Duration.ofHours(1);

    @TempDir
    Path dir;

    private final Recorder recorder = new Recorder();

    @Test
    void closeTurnsReadinessDownThenDrainsThenFlushesExportersThenClosesListeners() {
        AtomicReference<RuntimeInfo> runtime = new AtomicReference<>();
        TestPlugin plugin = new TestPlugin("test", "test", (config, context) -> new AbstractModule() {
            @Override
            protected void configure() {
                runtime.set(context.runtime());
                Contributions.lifecycles(binder()).addBinding().toInstance(recorder.lifecycle("listener", StopPhase.AFTER_FLUSH));
                Contributions.lifecycles(binder()).addBinding().toInstance(recorder.lifecycle("scraper", StopPhase.AFTER_DRAIN));
                Contributions.pushExporters(binder()).addBinding().toInstance(
                        recorder.exporter("push", HOUR, () -> "[" + runtime.get().state() + "]", false));
            }
        });
        GatewatchRuntime gw = Bootstrap.start(Runtimes.options(dir, REFERENCE,
                "gatewatch.status.drain-delay = 2s", plugin));
        assertThat(gw.health().probe(Probe.READINESS).up()).isTrue();
        assertThat(recorder.events()).containsExactly("listener.start", "scraper.start");

        CompletableFuture<Long> closeMillis = CompletableFuture.supplyAsync(() -> {
            long t0 = System.nanoTime();
            gw.close();
            return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
        });
        // the drain delay is long enough that a busy machine still finds the runtime draining
        eventually(Duration.ofSeconds(10), () -> assertThat(gw.runtime().state()).isEqualTo(RuntimeInfo.State.DRAINING));
        // readiness is down at once, while the drain delay still runs and nothing is stopped yet
        assertThat(gw.health().probe(Probe.READINESS).up()).isFalse();
        assertThat(gw.health().probe(Probe.READINESS).reason()).isEqualTo("draining");
        assertThat(gw.health().probe(Probe.LIVENESS).up()).isTrue();
        assertThat(recorder.events()).containsExactly("listener.start", "scraper.start");

        assertThat(closeMillis.join()).isGreaterThanOrEqualTo(2_000);
        assertThat(recorder.events()).containsExactly("listener.start", "scraper.start",
                "scraper.stop", "push.export[DRAINING]", "push.flush", "push.close", "listener.stop");
        assertThat(gw.runtime().state()).isEqualTo(RuntimeInfo.State.STOPPED);
        assertThat(gw.health().probe(Probe.READINESS).reason()).isEqualTo("stopped");
    }

    @Test
    void closingTwiceOrFromTwoThreadsAtOnceStopsEverythingOnce() throws Exception {
        TestPlugin plugin = new TestPlugin("test", "test", (config, context) -> new AbstractModule() {
            @Override
            protected void configure() {
                Contributions.lifecycles(binder()).addBinding().toInstance(recorder.lifecycle("listener", StopPhase.AFTER_FLUSH));
                Contributions.pushExporters(binder()).addBinding().toInstance(recorder.exporter("push", HOUR, () -> "", false));
            }
        });
        GatewatchRuntime gw = Bootstrap.start(Runtimes.options(dir, REFERENCE,
                "gatewatch.status.drain-delay = 100ms", plugin));
        CompletableFuture<Void> first = CompletableFuture.runAsync(gw::close);
        CompletableFuture<Void> second = CompletableFuture.runAsync(gw::close);
        first.get(30, TimeUnit.SECONDS);
        second.get(30, TimeUnit.SECONDS);
        gw.close();

        assertThat(recorder.events()).containsExactly("listener.start", "push.export", "push.flush", "push.close",
                "listener.stop");
    }

    @Test
    void aLifecycleThatThrowsOnStartFailsStartUpAndStopsWhatAlreadyStartedInReverse() {
        TestPlugin plugin = new TestPlugin("test", "test", (config, context) -> new AbstractModule() {
            @Override
            protected void configure() {
                Contributions.lifecycles(binder()).addBinding().toInstance(recorder.lifecycle("first", StopPhase.AFTER_FLUSH));
                Contributions.lifecycles(binder()).addBinding().toInstance(recorder.lifecycle("second", StopPhase.AFTER_DRAIN));
                Contributions.lifecycles(binder()).addBinding().toInstance(recorder.lifecycle("broken", StopPhase.AFTER_FLUSH,
                        new IllegalStateException("port 8051 is already in use")));
                Contributions.lifecycles(binder()).addBinding().toInstance(recorder.lifecycle("never", StopPhase.AFTER_FLUSH));
                Contributions.pushExporters(binder()).addBinding().toInstance(
                        recorder.exporter("start-failure-push", HOUR, () -> "", false));
            }
        });

        assertThatThrownBy(() -> Bootstrap.start(Runtimes.options(dir, REFERENCE, "", plugin)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("gatewatch failed to start: 'broken' threw java.lang.IllegalStateException: "
                        + "port 8051 is already in use");

        // the broken one gets no stop (it never started); the exporter never exported but is closed
        assertThat(recorder.events()).containsExactly("first.start", "second.start", "broken.start",
                "second.stop", "first.stop", "start-failure-push.close");
        eventually(Duration.ofSeconds(30), () -> assertThat(Thread.getAllStackTraces().keySet())
                .noneMatch(t -> t.getName().startsWith("gatewatch-exporter-start-failure-push")));
    }

    @Test
    void aPluginWhoseModuleThrowsFailsStartUpNamingThePlugin() {
        TestPlugin plugin = new TestPlugin("test", "test", (config, context) -> {
            throw new IllegalArgumentException("bucket list is empty");
        });
        assertThatThrownBy(() -> Bootstrap.start(Runtimes.options(dir, REFERENCE, "", plugin)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("gatewatch failed to start: plugin 'test' failed to declare its module: "
                        + "java.lang.IllegalArgumentException: bucket list is empty");
    }

    @Test
    void twoHealthChecksWithOneNameFailStartUpAndReleaseTheExporters() {
        TestPlugin plugin = new TestPlugin("test", "test", (config, context) -> new AbstractModule() {
            @Override
            protected void configure() {
                Contributions.healthChecks(binder()).addBinding().toInstance(check("database"));
                Contributions.healthChecks(binder()).addBinding().toInstance(check("database"));
                Contributions.pushExporters(binder()).addBinding().toInstance(recorder.exporter("push", HOUR, () -> "", false));
            }
        });
        assertThatThrownBy(() -> Bootstrap.start(Runtimes.options(dir, REFERENCE, "", plugin)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("gatewatch failed to start: two health components are named 'database'");
        assertThat(recorder.events()).containsExactly("push.close");
    }

    private static io.gatewatch.spi.HealthCheck check(String name) {
        return new io.gatewatch.spi.HealthCheck() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public java.util.Set<Probe> probes() {
                return java.util.Set.of(Probe.READINESS);
            }

            @Override
            public io.gatewatch.spi.HealthResult check() {
                return io.gatewatch.spi.HealthResult.up("ok");
            }
        };
    }

    @Test
    void aThrowingPushExporterIsCountedAndReportedWithoutStoppingTheOthers() {
        Duration fast = Duration.ofMillis(20);
        Recorder.CountingExporter bad = recorder.exporter("bad", fast, () -> "", true);
        Recorder.CountingExporter good = recorder.exporter("good", fast, () -> "", false);
        TestPlugin plugin = new TestPlugin("test", "test", (config, context) -> new AbstractModule() {
            @Override
            protected void configure() {
                Contributions.pushExporters(binder()).addBinding().toInstance(bad);
                Contributions.pushExporters(binder()).addBinding().toInstance(good);
            }
        });
        try (GatewatchRuntime gw = Bootstrap.start(Runtimes.options(dir, REFERENCE, "", plugin))) {
            // an export is counted by the runner after it returned or threw: wait on the runner's counts
            eventually(Duration.ofSeconds(30), () -> {
                Snapshot s = gw.snapshot();
                assertThat(counter(s, "gatewatch.exporter.exports", "exporter", "bad", "result", "error"))
                        .isGreaterThanOrEqualTo(3);
                assertThat(counter(s, "gatewatch.exporter.exports", "exporter", "good", "result", "ok"))
                        .isGreaterThanOrEqualTo(3);
                assertThat((Integer) component(gw, "exporter:bad").data().get("consecutiveFailures"))
                        .isGreaterThanOrEqualTo(3);
            });
            Snapshot snapshot = gw.snapshot();
            long badErrors = counter(snapshot, "gatewatch.exporter.exports", "exporter", "bad", "result", "error");
            assertThat(badErrors).isGreaterThanOrEqualTo(3);
            // the error counter follows the export counter on the exporter's thread: at most one behind
            assertThat(counter(snapshot, "gatewatch.exporter.errors", "exporter", "bad")).isBetween(badErrors - 1, badErrors);
            assertThat(counter(snapshot, "gatewatch.exporter.exports", "exporter", "bad", "result", "ok")).isZero();
            assertThat(counter(snapshot, "gatewatch.exporter.exports", "exporter", "good", "result", "ok"))
                    .isGreaterThanOrEqualTo(3);
            assertThat(counter(snapshot, "gatewatch.exporter.errors", "exporter", "good")).isZero();

            ComponentHealth badHealth = component(gw, "exporter:bad");
            assertThat(badHealth.status()).isEqualTo(HealthStatus.DOWN);
            assertThat(badHealth.records().get(badHealth.records().size() - 1).message())
                    .isEqualTo("export failed: IllegalStateException: backend of bad refused the connection");
            assertThat((Integer) badHealth.data().get("consecutiveFailures")).isGreaterThanOrEqualTo(3);
            assertThat(badHealth.data()).doesNotContainKey("lastSuccessMillis");
            ComponentHealth goodHealth = component(gw, "exporter:good");
            assertThat(goodHealth.status()).isEqualTo(HealthStatus.HEALTHY);
            assertThat(goodHealth.data()).containsEntry("consecutiveFailures", 0).containsKey("lastSuccessMillis");
            // exporters never count for liveness or (by default) readiness
            assertThat(gw.health().probe(Probe.LIVENESS).up()).isTrue();
            assertThat(gw.health().probe(Probe.READINESS).up()).isTrue();
        }
        assertThat(bad.maxConcurrent).isEqualTo(1);
        assertThat(good.maxConcurrent).isEqualTo(1);
    }

    @Test
    void everyPushExporterIsListedFromStartUpAndOneThatHangsShowsDegradedWithTheReason() throws Exception {
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        TestPlugin plugin = new TestPlugin("test", "test", (config, context) -> binder -> {
            io.gatewatch.spi.Contributions.pushExporters(binder).addBinding().toInstance(new io.gatewatch.spi.PushExporter() {
                public String name() {
                    return "hung";
                }

                public Duration interval() {
                    return Duration.ofMillis(100);
                }

                public void export(io.gatewatch.snapshot.Snapshot snapshot) throws InterruptedException {
                    release.await();   // a backend that accepted the connection and never answers
                }

                public void close() {
                }
            });
        });
        try (GatewatchRuntime gw = Bootstrap.start(Runtimes.options(dir, REFERENCE, "", plugin))) {
            assertThat(component(gw, "exporter:hung").status()).as("listed before its first export")
                    .isEqualTo(HealthStatus.HEALTHY);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (component(gw, "exporter:hung").status() != HealthStatus.DEGRADED && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            ComponentHealth hung = component(gw, "exporter:hung");
            assertThat(hung.status()).isEqualTo(HealthStatus.DEGRADED);
            assertThat(hung.records()).last().satisfies(r ->
                    assertThat(r.message()).matches("export has not returned after \\d+ms \\(interval 100ms\\)"));
            release.countDown();
        }
    }

    @Test
    void pluginsGetCoreServicesByInjectionAndEmptyContributionSetsExist() {
        TestPlugin plugin = new TestPlugin("test", "test", (config, context) -> new AbstractModule() {
            @Override
            protected void configure() {
                // contributes nothing at all
            }
        });
        try (GatewatchRuntime gw = Bootstrap.start(Runtimes.options(dir, REFERENCE, "", plugin))) {
            InjectedEverything probe = gw.injector("test").getInstance(InjectedEverything.class);
            assertThat(probe.context.metricPrefix()).isEqualTo("gateway");
            assertThat(probe.health).isSameAs(gw.health());
            assertThat(probe.runtime.state()).isEqualTo(RuntimeInfo.State.RUNNING);
            assertThat(probe.snapshots.snapshot().nodeId()).isEqualTo(gw.runtime().nodeId());
            assertThat(probe.metrics).isSameAs(gw.metrics());
            assertThat(probe.exporters).isEmpty();
            assertThat(probe.routes).isEmpty();
        }
    }

    @Test
    void shutdownHookIsRegisteredRunsTheSameOrderlyCloseAndIsRemovedByAnExplicitClose() {
        TestPlugin plugin = new TestPlugin("test", "test", (config, context) -> new AbstractModule() {
            @Override
            protected void configure() {
                Contributions.lifecycles(binder()).addBinding().toInstance(recorder.lifecycle("listener", StopPhase.AFTER_FLUSH));
            }
        });
        GatewatchRuntime hooked = Bootstrap.start(Runtimes.options(dir, REFERENCE, "gatewatch.shutdown-hook = true", plugin));
        Thread hook = hooked.shutdownHook().thread();
        assertThat(hooked.shutdownHook().registered()).isTrue();
        hooked.close();
        // removing it again fails: close already took it out, so the JVM will not run it at exit
        assertThat(Runtime.getRuntime().removeShutdownHook(hook)).isFalse();

        GatewatchRuntime viaHook = Bootstrap.start(Runtimes.options(dir, REFERENCE, "gatewatch.shutdown-hook = true", plugin));
        Thread secondHook = viaHook.shutdownHook().thread();
        assertThat(Runtime.getRuntime().removeShutdownHook(secondHook)).isTrue();   // so the JVM won't run it later
        secondHook.run();   // what the JVM does on SIGTERM
        assertThat(viaHook.runtime().state()).isEqualTo(RuntimeInfo.State.STOPPED);
        assertThat(recorder.events()).containsExactly("listener.start", "listener.stop", "listener.start", "listener.stop");

        GatewatchRuntime unhooked = Bootstrap.start(Runtimes.options(dir, REFERENCE, "", plugin));
        assertThat(unhooked.shutdownHook().registered()).isFalse();
        unhooked.close();
    }

    private static ComponentHealth component(GatewatchRuntime gw, String name) {
        return gw.health().components().stream().filter(c -> c.name().equals(name)).findFirst().orElseThrow();
    }

    static long counter(Snapshot snapshot, String family, String... labels) {
        MetricFamily f = snapshot.family(family);
        if (f == null) {
            return 0;
        }
        CounterPoint point = (CounterPoint) f.point(Labels.pairs(labels));
        return point == null ? 0 : point.value();
    }

    /** Stands for a plugin class that asks Guice for what core binds. */
    static final class InjectedEverything {
        final io.gatewatch.spi.PluginContext context;
        final io.gatewatch.api.HealthView health;
        final RuntimeInfo runtime;
        final io.gatewatch.spi.SnapshotSource snapshots;
        final io.gatewatch.api.GatewayMetrics metrics;
        final java.util.Set<io.gatewatch.spi.PushExporter> exporters;
        final java.util.Set<io.gatewatch.spi.StatusRoute> routes;

        @jakarta.inject.Inject
        InjectedEverything(io.gatewatch.spi.PluginContext context, io.gatewatch.api.HealthView health,
                           RuntimeInfo runtime, io.gatewatch.spi.SnapshotSource snapshots,
                           io.gatewatch.api.GatewayMetrics metrics, java.util.Set<io.gatewatch.spi.PushExporter> exporters,
                           java.util.Set<io.gatewatch.spi.StatusRoute> routes) {
            this.context = context;
            this.health = health;
            this.runtime = runtime;
            this.snapshots = snapshots;
            this.metrics = metrics;
            this.exporters = exporters;
            this.routes = routes;
        }
    }
}
