package io.gatewatch.probes;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.typesafe.config.ConfigFactory;
import io.gatewatch.Gatewatch;
import io.gatewatch.testing.Json;
import io.gatewatch.testing.Ports;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The real thing: {@code Gatewatch.start} discovers this plugin through ServiceLoader, the core
 * health registry runs real checks, and probes go over real HTTP to the shaded listener.
 */
class StatusEndToEndIT {
    private int port;
    private InetSocketAddress address;

    @BeforeEach
    void freePort() {
        E2eChecksPlugin.reset();
        port = Ports.free();
        address = new InetSocketAddress("127.0.0.1", port);
    }

    private Gatewatch start(String more) {
        return Gatewatch.start(ConfigFactory.parseString("gatewatch { shutdown-hook = false\n"
                + "status { host = \"127.0.0.1\", port = " + port + ", drain-delay = 100ms }\n"
                + "e2e-checks { enabled = true }\n}\n" + more));
    }

    private int status(String path) {
        try {
            return RawHttp.get(address, path).status();
        } catch (ConnectException refused) {
            return -1;
        } catch (IOException e) {
            return -2;
        }
    }

    private void awaitReady() throws InterruptedException {
        Awaitility.await("ready within 30 s").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(20))
                .until(() -> status("/health/ready") == 200);
    }

    @Test
    void probesUnderLoadAreAllAnsweredAndChecksRunNoMoreOftenThanConfigured() throws Exception {
        try (Gatewatch gatewatch = start("gatewatch.e2e-checks.interval = 1s")) {
            awaitReady();
            RawHttp.Response status = RawHttp.get(address, "/status");
            assertThat(status.status()).isEqualTo(200);
            JsonNode document = Json.read(status.body());
            JsonNode components = document.path("components");
            assertThat(components.path("status-listener").path("status").asText()).isEqualTo("healthy");
            assertThat(components.path("counted").path("status").asText()).isEqualTo("healthy");
            assertThat(components.path("counted").path("probes")).isEqualTo(Json.read("[\"liveness\", \"readiness\"]"));
            assertThat(document.path("nodeId").asText()).isEqualTo(gatewatch.runtime().nodeId());
            assertThat(status.body()).contains("[ok] run 1");

            int runsBefore = E2eChecksPlugin.RUNS.get();
            int seconds = 10;
            int rate = 200;
            ExecutorService clients = Executors.newFixedThreadPool(16);
            List<Future<Integer>> answers = new ArrayList<>();
            long start = System.nanoTime();
            try {
                for (int i = 0; i < rate * seconds; i++) {
                    long wait = start + i * (1_000_000_000L / rate) - System.nanoTime();
                    if (wait > 0) {
                        TimeUnit.NANOSECONDS.sleep(wait);
                    }
                    String path = i % 2 == 0 ? "/health/ready" : "/health/live";
                    answers.add(clients.submit(() -> RawHttp.get(address, path).status()));
                }
                int ok = 0;
                for (Future<Integer> answer : answers) {
                    ok += answer.get(30, TimeUnit.SECONDS) == 200 ? 1 : 0;
                }
                double elapsed = (System.nanoTime() - start) / 1e9;
                int runs = E2eChecksPlugin.RUNS.get() - runsBefore;
                System.out.printf("FIGURES end to end: %d/%d probes answered 200 in %.1f s; the 1 s check ran %d times%n",
                        ok, answers.size(), elapsed, runs);
                assertThat(ok).isEqualTo(rate * seconds);
                // 2000 probes, yet the check ran on its own schedule only: never more than once a second
                // (give or take a tick); a busy machine may run it late, so below that the bound is gross
                assertThat(runs).isBetween((int) (elapsed / 2) - 1, (int) Math.ceil(elapsed) + 1);
            } finally {
                clients.shutdownNow();
            }
        }
    }

    @Test
    void aHangingCheckDoesNotSlowReadinessBeyondItsTimeLimit() throws Exception {
        try (Gatewatch gatewatch = start("gatewatch.e2e-checks.hang = true")) {
            long worst = 0;
            RawHttp.Response last = null;
            long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(2500);
            while (System.nanoTime() < until) {
                long t0 = System.nanoTime();
                last = RawHttp.get(address, "/health/ready");
                worst = Math.max(worst, System.nanoTime() - t0);
                Thread.sleep(25);
            }
            System.out.printf("FIGURES hanging check: slowest /health/ready %.1f ms%n", worst / 1e6);
            // a probe never waits on the check at all, let alone for its whole time limit (gross: 1 s)
            assertThat(worst / 1e6).isLessThan(E2eChecksPlugin.HANG_TIME_LIMIT.toMillis());
            // the check's time limit turns it DOWN: on a busy machine maybe after the sampling window
            RawHttp.Response[] down = new RawHttp.Response[1];
            Awaitility.await("readiness DOWN once the hanging check timed out").atMost(Duration.ofSeconds(30))
                    .pollInterval(Duration.ofMillis(50)).ignoreExceptions().until(() -> (down[0] = RawHttp.get(address, "/health/ready")).status() == 503);
            last = down[0];
            assertThat(last.status()).isEqualTo(503);
            JsonNode probe = Json.read(last.body());
            assertThat(probe.path("status").asText()).isEqualTo("DOWN");
            assertThat(probe.path("checks")).filteredOn(check -> check.path("name").asText().equals("hangs"))
                    .singleElement().satisfies(hangs -> assertThat(hangs.path("status").asText()).isEqualTo("DOWN"));
            assertThat(last.body()).contains("timeout");
            assertThat(status("/health/live")).isEqualTo(200);
            // the listener says what the registry says
            assertThat(gatewatch.health().probe(io.gatewatch.api.Probe.READINESS).up()).isFalse();
        }
    }

    @Test
    void readinessIs503UntilTheFirstChecksRan() throws Exception {
        List<Long> okBeforeFirstRun = new ArrayList<>();
        List<Integer> seen = new ArrayList<>();
        CompletableFuture<Gatewatch> starting = CompletableFuture.supplyAsync(
                () -> start("gatewatch.e2e-checks.first-run-delay = 1s"));
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (System.nanoTime() < deadline) {
                int code = status("/health/ready");
                long now = System.nanoTime();
                long firstRun = E2eChecksPlugin.FIRST_RUN_DONE.get();
                seen.add(code);
                if (code == 200) {
                    if (firstRun == 0 || firstRun > now) {
                        okBeforeFirstRun.add(now);
                    }
                    break;
                }
                Thread.sleep(10);
            }
            System.out.printf("start-up: %d answers 503 before the first 200, %d connections refused%n",
                    seen.stream().filter(c -> c == 503).count(), seen.stream().filter(c -> c == -1).count());
            assertThat(seen).last().isEqualTo(200);
            // the listener is up while the slow first check runs, and says so with 503
            assertThat(seen).contains(503);
            assertThat(okBeforeFirstRun).as("200 answered before the first readiness check finished").isEmpty();
            assertThat(seen).doesNotContain(-2);
        } finally {
            starting.get(30, TimeUnit.SECONDS).close();
        }
    }

    @Test
    void badStatusSettingsFailStartWithPathAndLine() {
        Throwable failure = org.assertj.core.api.Assertions.catchThrowable(() -> Gatewatch.start(ConfigFactory.parseString(
                "gatewatch {\n shutdown-hook = false\n status {\n port = 70000\n auth.users { ops = short }\n }\n}",
                com.typesafe.config.ConfigParseOptions.defaults().setOriginDescription("app.conf"))));
        System.out.println("bad settings: " + failure.getMessage());
        assertThat(failure).isInstanceOf(com.typesafe.config.ConfigException.class)
                // each problem with its file and line, all reported together
                .hasMessageFindingMatch("app\\.conf: ?4: gatewatch\\.status\\.port: must be between 0 and 65535")
                .hasMessageFindingMatch("app\\.conf: ?5: gatewatch\\.status\\.auth\\.users: password of user 'ops'")
                .hasMessageNotContaining("short\"");
        assertThat(status("/health/live")).as("nothing listens").isEqualTo(-1);
    }

    @Test
    void shutdownTurnsReadinessDownAtOnceAndKeepsLivenessThroughTheDrain() throws Exception {
        Gatewatch gatewatch = start("gatewatch.status.drain-delay = 1500ms");
        awaitReady();
        CompletableFuture<Void> closing = CompletableFuture.runAsync(gatewatch::close);
        long began = System.nanoTime();
        long readyDownAfter = -1;
        List<Integer> liveDuringDrain = new ArrayList<>();
        List<Integer> readyDuringDrain = new ArrayList<>();
        while (System.nanoTime() - began < TimeUnit.MILLISECONDS.toNanos(1300)) {
            int ready = status("/health/ready");
            if (ready == 503 && readyDownAfter < 0) {
                readyDownAfter = System.nanoTime() - began;
            }
            if (readyDownAfter >= 0) {
                readyDuringDrain.add(ready);
                liveDuringDrain.add(status("/health/live"));
            }
            Thread.sleep(20);
        }
        closing.get(10, TimeUnit.SECONDS);
        System.out.printf("FIGURES drain: readiness 503 after %.1f ms, %d probes during the drain%n",
                readyDownAfter / 1e6, readyDuringDrain.size());
        // at once (gross: well inside the 1.5 s drain delay; the ms it took is the figure)
        assertThat(readyDownAfter).isBetween(0L, TimeUnit.MILLISECONDS.toNanos(1000));
        // how many probes fit in the window depends on the machine; every one of them is exact
        assertThat(readyDuringDrain).hasSizeGreaterThanOrEqualTo(3).containsOnly(503);
        assertThat(liveDuringDrain).hasSizeGreaterThanOrEqualTo(3).containsOnly(200);
        // after close the listener is gone
        assertThat(status("/health/live")).isEqualTo(-1);
    }
}
