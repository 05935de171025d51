package io.gatewatch.systemtests;

import static org.assertj.core.api.Assertions.assertThat;

import io.gatewatch.systemtests.support.Figures;
import io.gatewatch.systemtests.support.Haproxy;
import io.gatewatch.systemtests.support.StatsdDaemon;
import io.gatewatch.systemtests.support.Wrk;
import io.gatewatch.testing.datadog.FakeIntake;
import io.gatewatch.testing.gateway.GatewayOptions;
import io.gatewatch.testing.gateway.SampleGatewayProcess;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Scenario 1: HAProxy balances two gateway nodes and checks their readiness. Under steady wrk
 * load through HAProxy, node a gets SIGTERM: its readiness turns 503 while it still serves,
 * HAProxy takes it out at its first failed check and before the drain delay ends, no client request fails, and the node's last
 * StatsD and Datadog intervals arrive exactly once: what both backends received from node a equals
 * the responses HAProxy got from it.
 */
class LoadBalancerDrainIT {
    private static final int CHECK_INTERVAL_MS = 300;
    private static final int DRAIN_DELAY_MS = 2000;
    /** Gross: exporters' last intervals reach the daemon's log well within this once node a has exited. */
    private static final Duration DELIVERY_DEADLINE = Duration.ofSeconds(15);
    private static final String API_KEY = "drain-test-api-key-0123456789abcdef";

    @TempDir
    Path dir;

    @Test
    void aNodeDrainsWithoutAFailedRequestAndItsLastIntervalsArriveOnce() throws Exception {
        Wrk wrk = Wrk.find();
        try (StatsdDaemon statsd = StatsdDaemon.start(dir.resolve("statsd"));
             FakeIntake intakeA = new FakeIntake(API_KEY);
             FakeIntake intakeB = new FakeIntake(API_KEY);
             SampleGatewayProcess a = SampleGatewayProcess.start(dir.resolve("a"), node("a", statsd, intakeA));
             SampleGatewayProcess b = SampleGatewayProcess.start(dir.resolve("b"), node("b", statsd, intakeB));
             Haproxy haproxy = Haproxy.start(dir.resolve("haproxy"), CHECK_INTERVAL_MS, List.of(
                     new Haproxy.Server("a", a.port, a.statusPort), new Haproxy.Server("b", b.port, b.statusPort)))) {
            CompletableFuture<Wrk.Result> load = CompletableFuture.supplyAsync(() -> {
                try {
                    return wrk.run(dir, "http://127.0.0.1:" + haproxy.port + "/api/flaky/drain", 2, 16, 10, null);
                } catch (IOException | InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            });
            // the scenario: node a serves its share of the load for 3 s before it is told to stop
            long loadStart = System.nanoTime();
            Awaitility.await("node a took traffic for 3 s before its drain").atMost(Duration.ofSeconds(30))
                    .pollInterval(Duration.ofMillis(100)).until(() -> haproxy.responses("a") > 0
                            && System.nanoTime() - loadStart >= Duration.ofSeconds(3).toNanos());

            long sigterm = System.nanoTime();
            a.terminate();
            long unready = awaitMillis(sigterm, () -> a.status("/health/ready").statusCode() == 503);
            // still serving while unready: the load balancer has not noticed yet, or is about to
            int servedWhileUnready = a.get("/api/flaky/direct", null).statusCode();
            long down = awaitMillis(sigterm, () -> "DOWN".equals(haproxy.serverStatus("a")));
            java.util.Map<String, String> atDown = haproxy.server("a");
            long failedChecks = Long.parseLong(atDown.get("chkfail"));
            int exit = a.awaitExit(Duration.ofSeconds(30));
            long exited = (System.nanoTime() - sigterm) / 1_000_000;
            Wrk.Result result = load.get();
            // b keeps exporting: give its intervals no thought, a's are all in by now (it has exited)
            long throughA = haproxy.responses("a");
            long recordedByA = throughA + 1; // + the one direct request while unready
            // the daemon logs what it received when its (busy) process gets to it: wait for the count to settle
            double statsdA = settled(() -> statsd.counterSum("gateway.requests", t -> t.contains("node:a")), recordedByA);
            double datadogA = settled(() -> intakeA.acceptedSum("gateway.requests", t -> true), recordedByA);

            Figures.record("1 load balancer drain",
                    "%d requests through HAProxy at %.0f req/s, %d socket errors, %d non-2xx; node a: readiness 503 at +%d ms, "
                            + "HAProxy DOWN at +%d ms (check interval %d ms, failed checks %d, last check %s ms), exited at +%d ms (drain %d ms); "
                            + "a answered %d, StatsD got %.0f, Datadog got %.0f",
                    result.requests(), result.requestsPerSecond(), result.socketErrors(), result.non2xx3xx(),
                    unready, down, CHECK_INTERVAL_MS, failedChecks, atDown.get("check_duration"), exited, DRAIN_DELAY_MS, recordedByA, statsdA, datadogA);
            assertThat(exit).as("exit code after SIGTERM").isIn(0, 143);
            assertThat(servedWhileUnready).as("node a still serves while unready").isEqualTo(200);
            // fall 1: the first check that saw the 503 took the node out, not a later one...
            assertThat(failedChecks).as("checks that failed before HAProxy took node a out").isEqualTo(1);
            // ...and before the drain delay ran out, while node a still served (gross: the check interval
            // is 300 ms; how many ms it took is the printed figure, it depends on the machine's load)
            assertThat(down - unready).as("HAProxy took node a out before its drain delay ended (ms)")
                    .isLessThan(DRAIN_DELAY_MS);
            assertThat(down).as("readiness turned 503 first").isGreaterThanOrEqualTo(unready);
            assertThat(result.socketErrors()).as(result.output()).isZero();
            assertThat(result.non2xx3xx()).as(result.output()).isZero();
            assertThat(result.requests()).isPositive();
            assertThat(statsdA).as("StatsD received node a's requests exactly once").isEqualTo(recordedByA);
            assertThat(datadogA).as("Datadog received node a's requests exactly once").isEqualTo(recordedByA);
            assertThat(intakeA.violations).isEmpty();
        }
    }

    private static GatewayOptions node(String name, StatsdDaemon statsd, FakeIntake intake) {
        return SampleGatewayProcess.options()
                .set("gatewatch.node-id", "node-" + name)
                .set("gatewatch.status.drain-delay", DRAIN_DELAY_MS + "ms")
                .set("sample-gateway.upstreams.flaky.error-rate", "0")
                .set("gatewatch.exporters.json-file.enabled", "false")
                .set("gatewatch.exporters.statsd.enabled", "true")
                .set("gatewatch.exporters.statsd.port", statsd.port)
                .set("gatewatch.exporters.statsd.interval", "1s")
                .set("gatewatch.exporters.statsd.tags.node", name)
                .set("gatewatch.exporters.datadog.enabled", "true")
                .set("gatewatch.exporters.datadog.api-key", API_KEY)
                .set("gatewatch.exporters.datadog.uri", intake.baseUrl())
                .set("gatewatch.exporters.datadog.interval", "1s");
    }

    /**
     * The value once it reaches {@code expected} (polled up to {@link #DELIVERY_DEADLINE}), or what it
     * was at the deadline, so that the caller's exact assertion reports the difference.
     */
    private static double settled(java.util.function.DoubleSupplier value, double expected) {
        try {
            Awaitility.await().atMost(DELIVERY_DEADLINE).pollInterval(Duration.ofMillis(100))
                    .until(() -> value.getAsDouble() >= expected);
        } catch (ConditionTimeoutException notAllThere) {
            // reported by the exact assertion
        }
        return value.getAsDouble();
    }

    interface Check {
        boolean test() throws Exception;
    }

    /** Milliseconds from {@code since} until the check holds (polled every 10 ms, at most 15 s). */
    private static long awaitMillis(long since, Check check) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (true) {
            boolean ok;
            try {
                ok = check.test();
            } catch (IOException e) {
                ok = false;
            }
            if (ok) {
                return (System.nanoTime() - since) / 1_000_000;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within 15 s");
            }
            Thread.sleep(10);
        }
    }
}
