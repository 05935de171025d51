package io.gatewatch.internal.health;

import static org.assertj.core.api.Assertions.assertThat;

import io.gatewatch.api.HealthStatus;
import io.gatewatch.api.HealthView.ComponentHealth;
import io.gatewatch.api.HealthView.HealthRecord;
import io.gatewatch.api.HealthView.ProbeReport;
import io.gatewatch.api.Probe;
import io.gatewatch.api.RuntimeInfo.State;
import io.gatewatch.internal.runtime.DaemonThreads;
import io.gatewatch.internal.testing.ManualClock;
import io.gatewatch.spi.HealthCheck;
import io.gatewatch.spi.HealthResult;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class HealthRegistryTest {
    private static final Duration INTERVAL = Duration.ofSeconds(5);

    private final ManualClock clock = new ManualClock(1_000_000L);
    private final AtomicReference<State> state = new AtomicReference<>(State.RUNNING);
    private final List<String> transitions = new ArrayList<>();
    private HealthRegistry registry;

    private HealthRegistry registry(int records, Set<String> readiness) {
        return registry(records, FailureThresholds.of(FailureThresholds.DEFAULT), readiness);
    }

    private HealthRegistry registry(int records, FailureThresholds thresholds, Set<String> readiness) {
        if (registry != null) {
            registry.close();
        }
        registry = new HealthRegistry(clock, records, thresholds, readiness, state::get, new DaemonThreads("health-test"));
        registry.addListener((name, from, to) -> {
            synchronized (transitions) {
                transitions.add(name + ": " + from.label() + " -> " + to.label());
            }
        });
        return registry;
    }

    @AfterEach
    void close() {
        registry.close();
    }

    @Test
    void aFakeClockDrivesHealthyThenDegradedThenDownThenHealthyAgain() throws Exception {
        ScriptedCheck db = new ScriptedCheck("database", Set.of(Probe.READINESS));
        registry(3, FailureThresholds.of(3), null).register(db);

        assertThat(status("database")).isEqualTo(HealthStatus.DOWN);        // never succeeded yet
        db.next(true);
        tick();
        assertThat(status("database")).isEqualTo(HealthStatus.HEALTHY);
        db.next(false);
        tick();
        assertThat(status("database")).isEqualTo(HealthStatus.HEALTHY);     // one error is a blip
        db.next(false);
        tick();
        assertThat(status("database")).isEqualTo(HealthStatus.DEGRADED);    // last two are errors
        assertThat(registry.probe(Probe.READINESS).up()).isTrue();           // degraded still serves
        assertThat(registry.probe(Probe.READINESS).status()).isEqualTo("DEGRADED");
        db.next(false);
        tick();
        assertThat(status("database")).isEqualTo(HealthStatus.DOWN);        // 3 errors in a row: the threshold
        assertThat(registry.probe(Probe.READINESS).up()).isFalse();
        db.next(true);
        tick();
        assertThat(status("database")).isEqualTo(HealthStatus.HEALTHY);     // one success heals

        assertThat(transitions).containsExactly("database: down -> healthy", "database: healthy -> degraded",
                "database: degraded -> down", "database: down -> healthy");
        ComponentHealth view = component("database");
        assertThat(view.records()).extracting(HealthRecord::ok).containsExactly(false, false, true);
        assertThat(view.records()).extracting(HealthRecord::timestampMillis)
                .containsExactly(1_015_000L, 1_020_000L, 1_025_000L);
        assertThat(view.records().get(2).message()).isEqualTo("step 5");
        assertThat(db.runs.get()).isEqualTo(5);
    }

    @Test
    void aReportedComponentAppearsWithItsFirstRecordNotBefore() {
        registry(3, null);
        HealthReporterComponent scraper = registry.component("exporter:prometheus")::ok;
        assertThat(registry.components()).isEmpty();
        assertThat(registry.overall()).isEqualTo(HealthStatus.HEALTHY);
        scraper.ok("served a scrape");
        assertThat(component("exporter:prometheus").status()).isEqualTo(HealthStatus.HEALTHY);
        registry.component("exporter:prometheus").error("render failed");
        registry.component("exporter:prometheus").error("render failed");
        assertThat(registry.overall()).isEqualTo(HealthStatus.DEGRADED);
    }

    @Test
    void aCheckAnsweringDownMakesItsComponentDownAtOnceAndReadinessFollows() throws Exception {
        ScriptedCheck db = new ScriptedCheck("database", Set.of(Probe.READINESS));
        registry(10, null).register(db);
        db.next(true);
        tick();
        assertThat(registry.probe(Probe.READINESS).up()).isTrue();
        db.nextDown();
        tick();
        assertThat(status("database")).isEqualTo(HealthStatus.DOWN);
        assertThat(registry.probe(Probe.READINESS)).extracting(ProbeReport::up, ProbeReport::status)
                .containsExactly(false, "DOWN");
        assertThat(component("database").records()).last().extracting(HealthRecord::ok, HealthRecord::message)
                .containsExactly(false, "said down at step 2");
        assertThat(component("database").data()).containsEntry("consecutiveFailures", 1);
        db.next(true);
        tick();
        assertThat(status("database")).isEqualTo(HealthStatus.HEALTHY);
        assertThat(transitions).containsExactly("database: down -> healthy", "database: healthy -> down",
                "database: down -> healthy");
    }

    @Test
    void theFailureThresholdIsItsOwnSettingPerComponentNotTheNumberOfRecordsKept() {
        registry(2, new FailureThresholds(4, java.util.Map.of("exporter:datadog", 2)), null);
        registry.component("exporter:statsd").ok("sent");
        registry.component("exporter:datadog").ok("sent");
        List<HealthStatus> statsd = new ArrayList<>();
        List<HealthStatus> datadog = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            registry.component("exporter:statsd").error("refused");
            registry.component("exporter:datadog").error("refused");
            statsd.add(component("exporter:statsd").status());
            datadog.add(component("exporter:datadog").status());
        }
        assertThat(statsd).containsExactly(HealthStatus.HEALTHY, HealthStatus.DEGRADED, HealthStatus.DEGRADED,
                HealthStatus.DOWN);
        assertThat(datadog).containsExactly(HealthStatus.HEALTHY, HealthStatus.DOWN, HealthStatus.DOWN,
                HealthStatus.DOWN);
        assertThat(component("exporter:statsd").records()).hasSize(2);
    }

    @Test
    void aDeclaredComponentIsShownHealthyBeforeItsFirstRecordAndAnOverdueOneIsDegradedAtOnce() {
        registry(10, null);
        registry.declare("exporter:json-file", "waiting for the first export");
        assertThat(component("exporter:json-file").status()).isEqualTo(HealthStatus.HEALTHY);
        assertThat(component("exporter:json-file").data()).containsEntry("state", "waiting for the first export");
        registry.overdue("exporter:json-file", "export running for 2s, past its 1s interval");
        assertThat(component("exporter:json-file").status()).isEqualTo(HealthStatus.DEGRADED);
        assertThat(component("exporter:json-file").records()).last().extracting(HealthRecord::message)
                .isEqualTo("export running for 2s, past its 1s interval");
        registry.component("exporter:json-file").ok("wrote 3 series");
        assertThat(component("exporter:json-file").status()).isEqualTo(HealthStatus.HEALTHY);
        assertThat(registry.probe(Probe.READINESS).up()).as("reported components never count by default").isTrue();
    }

    /** Just the ok side of a reporter, for the test above. */
    private interface HealthReporterComponent {
        void ok(String message);
    }

    @Test
    void aCheckRunsOnlyWhenItsIntervalHasPassedNoMatterHowOftenProbesAsk() throws Exception {
        ScriptedCheck db = new ScriptedCheck("database", Set.of(Probe.READINESS));
        registry(10, null).register(db);
        db.next(true);
        registry.runDue().get(30, TimeUnit.SECONDS);
        for (int i = 0; i < 10_000; i++) {
            registry.probe(Probe.READINESS);
        }
        registry.runDue().get(30, TimeUnit.SECONDS);                // not due: same instant
        clock.advance(INTERVAL.minusMillis(1));
        registry.runDue().get(30, TimeUnit.SECONDS);                // still not due
        assertThat(db.runs.get()).isEqualTo(1);
        clock.advance(Duration.ofMillis(1));
        db.next(true);
        registry.runDue().get(30, TimeUnit.SECONDS);
        assertThat(db.runs.get()).isEqualTo(2);
    }

    @Test
    void aCheckThatSleepsForeverIsReportedDownWithReasonTimeoutWithinItsLimit() throws Exception {
        CountDownLatch interrupted = new CountDownLatch(1);
        HealthCheck sleeper = check("upstream", Set.of(Probe.READINESS), Duration.ofMillis(100), () -> {
            try {
                Thread.sleep(Long.MAX_VALUE);
            } catch (InterruptedException e) {
                interrupted.countDown();
                throw e;
            }
            return HealthResult.up("unreachable");
        });
        registry(10, null).register(sleeper);

        long t0 = System.nanoTime();
        registry.runDue().get(30, TimeUnit.SECONDS);
        long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);

        System.out.println("FIGURES health: a check that sleeps forever was reported down after " + tookMillis + " ms (limit 100 ms)");
        // the limit is 100 ms: never earlier; the upper bound is gross, the limit plus a few seconds
        assertThat(tookMillis).isBetween(100L, 100L + 5_000L);
        ComponentHealth view = component("upstream");
        assertThat(view.status()).isEqualTo(HealthStatus.DOWN);
        assertThat(view.records()).singleElement().satisfies(r -> {
            assertThat(r.ok()).isFalse();
            assertThat(r.message()).isEqualTo("timeout");
        });
        assertThat(interrupted.await(30, TimeUnit.SECONDS)).as("the hung run is interrupted").isTrue();
        assertThat(registry.probe(Probe.READINESS).up()).isFalse();
    }

    @Test
    void aCheckThatIgnoresInterruptsNeverGetsASecondThreadAndKeepsReportingTimeouts() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger started = new AtomicInteger();
        HealthCheck stubborn = check("stubborn", Set.of(Probe.LIVENESS), Duration.ofMillis(50), () -> {
            started.incrementAndGet();
            while (release.getCount() > 0) {
                try {
                    release.await();
                } catch (InterruptedException ignored) {
                    // deliberately ignores interruption
                }
            }
            return HealthResult.up("finally");
        });
        registry(10, null).register(stubborn);
        registry.runDue().get(30, TimeUnit.SECONDS);
        clock.advance(INTERVAL);
        registry.runDue().get(30, TimeUnit.SECONDS);
        assertThat(started.get()).isEqualTo(1);
        assertThat(component("stubborn").records()).extracting(HealthRecord::message)
                .containsExactly("timeout", "timeout (the previous run is still running)");
        release.countDown();
    }

    @Test
    void aCheckThatThrowsIsRecordedAsAnErrorWithTheExceptionAndTheOthersStillRun() throws Exception {
        registry(10, null);
        registry.register(check("config-reload", Set.of(Probe.READINESS), Duration.ofSeconds(1), () -> {
            throw new java.io.IOException("/etc/gw/routes.yaml: permission denied");
        }));
        registry.register(check("disk", Set.of(Probe.LIVENESS), Duration.ofSeconds(1), () -> HealthResult.up("42% used")));
        registry.runDue().get(30, TimeUnit.SECONDS);

        ComponentHealth failed = component("config-reload");
        assertThat(failed.status()).isEqualTo(HealthStatus.DOWN);
        assertThat(failed.records()).singleElement().satisfies(r ->
                assertThat(r.message()).isEqualTo("IOException: /etc/gw/routes.yaml: permission denied"));
        assertThat(component("disk").status()).isEqualTo(HealthStatus.HEALTHY);
        assertThat(registry.overall()).isEqualTo(HealthStatus.DEGRADED);
        assertThat(registry.probe(Probe.LIVENESS).up()).isTrue();
        assertThat(registry.probe(Probe.READINESS).up()).isFalse();
    }

    @Test
    void overallIsHealthyWhenAllAreDownWhenAllAreAndDegradedOtherwise() {
        registry(10, null);
        assertThat(registry.overall()).isEqualTo(HealthStatus.HEALTHY);     // nothing to be unhealthy about
        registry.component("exporter:statsd").ok("sent");
        registry.component("exporter:datadog").ok("sent");
        assertThat(registry.overall()).isEqualTo(HealthStatus.HEALTHY);
        registry.component("exporter:datadog").error("403");
        registry.component("exporter:datadog").error("403");
        assertThat(registry.overall()).isEqualTo(HealthStatus.DEGRADED);
        registry.component("fresh").error("never worked");
        assertThat(registry.overall()).isEqualTo(HealthStatus.DEGRADED);

        registry(2, null);
        registry.component("a").error("no");
        registry.component("b").error("no");
        assertThat(registry.overall()).isEqualTo(HealthStatus.DOWN);
    }

    @Test
    void readinessIsDownWhileStartingAndFromTheMomentDrainingBeginsLivenessIsNot() {
        registry(10, null);
        registry.component("exporter:statsd").ok("sent");
        state.set(State.STARTING);
        assertThat(registry.probe(Probe.READINESS)).extracting(ProbeReport::up, ProbeReport::reason)
                .containsExactly(false, "starting");
        assertThat(registry.probe(Probe.STARTUP)).extracting(ProbeReport::up, ProbeReport::reason)
                .containsExactly(false, "starting");
        state.set(State.RUNNING);
        assertThat(registry.probe(Probe.READINESS)).extracting(ProbeReport::up, ProbeReport::status)
                .containsExactly(true, "UP");
        assertThat(registry.probe(Probe.STARTUP).up()).isTrue();
        state.set(State.DRAINING);
        assertThat(registry.probe(Probe.READINESS)).extracting(ProbeReport::up, ProbeReport::reason)
                .containsExactly(false, "draining");
        assertThat(registry.probe(Probe.LIVENESS).up()).isTrue();
    }

    @Test
    void livenessIgnoresExportersAndReadinessCountsOnlyTheConfiguredComponents() throws Exception {
        registry(10, Set.of("database", "exporter:datadog"));
        registry.register(check("database", Set.of(Probe.LIVENESS), Duration.ofSeconds(1), () -> HealthResult.up("ok")));
        registry.register(check("cache", Set.of(Probe.READINESS), Duration.ofSeconds(1), () -> HealthResult.down("cold")));
        registry.runDue().get(30, TimeUnit.SECONDS);

        ProbeReport ready = registry.probe(Probe.READINESS);
        assertThat(ready.up()).as("exporter:datadog never reported").isFalse();
        assertThat(ready.checks()).extracting(ComponentHealth::name).containsExactlyInAnyOrder("database", "exporter:datadog");

        registry.component("exporter:datadog").error("403 Forbidden");
        assertThat(registry.probe(Probe.LIVENESS).up()).isTrue();
        assertThat(registry.probe(Probe.LIVENESS).checks()).extracting(ComponentHealth::name).containsExactly("database");
        assertThat(registry.probe(Probe.READINESS).up()).isFalse();
        registry.component("exporter:datadog").ok("202");
        assertThat(registry.probe(Probe.READINESS).up()).isTrue();   // the cold cache does not count here
    }

    @Test
    void degradedFailsReadinessOnlyForChecksThatAskForIt() throws Exception {
        ScriptedCheck strict = new ScriptedCheck("strict", Set.of(Probe.READINESS)) {
            @Override
            public boolean degradedFailsReadiness() {
                return true;
            }
        };
        registry(10, null).register(strict);
        strict.next(true);
        tick();
        strict.next(false);
        tick();
        strict.next(false);
        tick();
        assertThat(status("strict")).isEqualTo(HealthStatus.DEGRADED);
        assertThat(registry.probe(Probe.READINESS).up()).isFalse();
    }

    @Test
    void listenersHearOnlyTransitionsAndAFailingListenerDoesNotStopTheOthers() {
        registry(10, null);
        List<String> later = new ArrayList<>();
        registry.addListener((name, from, to) -> {
            throw new IllegalStateException("listener bug");
        });
        registry.addListener((name, from, to) -> later.add(name + ": " + to.label()));
        registry.component("x").ok("1");
        registry.component("x").ok("2");
        registry.component("x").ok("3");
        registry.component("x").error("4");
        registry.component("x").error("5");
        registry.component("x").error("6");
        assertThat(transitions).containsExactly("x: down -> healthy", "x: healthy -> degraded");
        assertThat(later).containsExactly("x: healthy", "x: degraded");
    }

    /** The documented threading of {@code HealthView.addListener}: on the thread whose record changed the status. */
    @Test
    void listenersFireOnTheThreadThatRecordedTheTransition() throws Exception {
        ScriptedCheck db = new ScriptedCheck("database", Set.of(Probe.READINESS));
        registry(10, null).register(db);
        List<String> threads = new java.util.concurrent.CopyOnWriteArrayList<>();
        registry.addListener((name, from, to) -> threads.add(name + " " + to.label() + " on "
                + Thread.currentThread().getName()));
        db.nextDown();
        registry.runDue().get(30, TimeUnit.SECONDS);    // down -> down: no transition
        clock.advance(INTERVAL);
        db.next(true);
        registry.runDue().get(30, TimeUnit.SECONDS);
        registry.component("reported").ok("by the test thread");

        assertThat(threads).hasSize(2);
        assertThat(threads.get(0)).matches("database healthy on gatewatch-health-test-\\d+");
        assertThat(threads.get(1)).isEqualTo("reported healthy on " + Thread.currentThread().getName());
    }

    @Test
    void keepsOnlyTheLastNRecords() {
        registry(3, null);
        for (int i = 1; i <= 5; i++) {
            registry.component("x").ok("run " + i);
            clock.advance(Duration.ofSeconds(1));
        }
        assertThat(component("x").records()).extracting(HealthRecord::message).containsExactly("run 3", "run 4", "run 5");
    }

    private void tick() throws Exception {
        clock.advance(INTERVAL);
        registry.runDue().get(30, TimeUnit.SECONDS);
    }

    private HealthStatus status(String name) {
        return component(name).status();
    }

    private ComponentHealth component(String name) {
        return registry.components().stream().filter(c -> c.name().equals(name)).findFirst().orElseThrow();
    }

    interface Body {
        HealthResult run() throws Exception;
    }

    private static HealthCheck check(String name, Set<Probe> probes, Duration timeout, Body body) {
        return new HealthCheck() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public Set<Probe> probes() {
                return probes;
            }

            @Override
            public HealthResult check() throws Exception {
                return body.run();
            }

            @Override
            public Duration interval() {
                return INTERVAL;
            }

            @Override
            public Duration timeout() {
                return timeout;
            }
        };
    }

    /** Answers from a script, one result per run. */
    static class ScriptedCheck implements HealthCheck {
        private final String name;
        private final Set<Probe> probes;
        private final Deque<String> script = new ArrayDeque<>();
        final AtomicInteger runs = new AtomicInteger();

        ScriptedCheck(String name, Set<Probe> probes) {
            this.name = name;
            this.probes = probes;
        }

        /** The next run answers up, or fails (throws): an error that counts toward the threshold. */
        synchronized void next(boolean up) {
            script.add(up ? "up" : "error");
        }

        /** The next run answers {@link HealthResult#down}. */
        synchronized void nextDown() {
            script.add("down");
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public Set<Probe> probes() {
            return probes;
        }

        @Override
        public synchronized HealthResult check() {
            int n = runs.incrementAndGet();
            String next = script.poll();
            if (next == null) {
                throw new IllegalStateException("no scripted result for run " + n);
            }
            return switch (next) {
                case "up" -> HealthResult.up("step " + n);
                case "down" -> HealthResult.down("said down at step " + n);
                default -> throw new IllegalStateException("failed at step " + n);
            };
        }

        @Override
        public Duration interval() {
            return INTERVAL;
        }
    }
}
