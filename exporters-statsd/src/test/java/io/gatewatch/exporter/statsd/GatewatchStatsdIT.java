package io.gatewatch.exporter.statsd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.typesafe.config.ConfigFactory;
import io.gatewatch.Gatewatch;
import io.gatewatch.api.HealthStatus;
import io.gatewatch.api.HealthView;
import io.gatewatch.api.HttpMethod;
import io.gatewatch.api.ResponseSource;
import io.gatewatch.api.RouteMetrics;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole path: gatewatch discovers the plugin through ServiceLoader, core schedules the
 * exporter, a gateway thread records, the reference daemon goes away and comes back, and
 * shutdown sends the last interval.
 */
class GatewatchStatsdIT {
    private static final Duration INTERVAL = Duration.ofMillis(400);

    @TempDir
    Path dir;

    @Test
    void aDaemonRestartUnderCoresScheduleLosesNothingAndHealthFollowsIt() throws Exception {
        try (StatsdDaemon daemon = StatsdDaemon.start(dir)) {
            Gatewatch gatewatch = Gatewatch.start(ConfigFactory.parseString("""
                    gatewatch {
                      shutdown-hook = false
                      status.drain-delay = 0s
                      metrics.jvm = false
                      common-tags { env = it }
                      exporters.statsd { enabled = true, port = %d, flavor = etsy, interval = %dms }
                    }
                    """.formatted(daemon.port(), INTERVAL.toMillis())));
            RouteMetrics route = gatewatch.metrics().route("accounts", "get-user");
            AtomicBoolean recording = new AtomicBoolean(true);
            AtomicLong recorded = new AtomicLong();
            AtomicBoolean paused = new AtomicBoolean();
            AtomicBoolean idle = new AtomicBoolean();
            Thread gateway = new Thread(() -> {
                while (recording.get()) {
                    if (paused.get()) {
                        idle.set(true);
                        java.util.concurrent.locks.LockSupport.parkNanos(1_000_000);
                        continue;
                    }
                    idle.set(false);
                    route.record(HttpMethod.GET, 200, ResponseSource.UPSTREAM, 3_000_000, 2_000_000, 10, 20);
                    if (recorded.incrementAndGet() % 20 == 0) {
                        java.util.concurrent.locks.LockSupport.parkNanos(1_000_000);
                    }
                }
            }, "gateway-traffic");
            gateway.start();
            try {
                await("first good export", () -> status(gatewatch, "exporter:statsd") == HealthStatus.HEALTHY);
                // A datagram the daemon has not read when it exits is lost where nobody can count
                // it, and a busy machine may leave the daemon's buffer unread for long. So the
                // traffic pauses until the daemon has read every request recorded so far (later
                // intervals carry no request lines: a zero delta sends nothing), and resumes once
                // the daemon is gone.
                paused.set(true);
                await("the traffic paused", idle::get);
                long beforeStop = recorded.get();
                await("the daemon read every request so far",
                        () -> daemon.sum(k -> k.startsWith("gateway.requests.env.it.")) == beforeStop);
                daemon.stop();
                paused.set(false);
                // two refused sends in a row make the exporter degraded, health.failure-threshold (5)
                // makes it down; a starved poller may first look when it is already down, and an export
                // that overran its interval on a busy machine is degraded too early: so wait for two
                // refusals counted and the status they imply
                await("two refusals and the exporter degraded or down while the daemon is gone",
                        () -> refusals(gatewatch) >= 2 && notHealthy(status(gatewatch, "exporter:statsd")));
                assertThat(status(gatewatch, StatsdExporter.HEALTH_COMPONENT)).isIn(HealthStatus.DEGRADED, HealthStatus.DOWN);

                daemon.start();
                long restarted = System.nanoTime();
                await("healthy again", () -> status(gatewatch, "exporter:statsd") == HealthStatus.HEALTHY);
                Duration resumedAfter = Duration.ofNanos(System.nanoTime() - restarted);
                System.out.println("FIGURES statsd resume: exporter healthy again " + resumedAfter.toMillis()
                        + " ms after the daemon was back (interval " + INTERVAL.toMillis() + " ms)");
                // gross: a scheduled export, not a backoff or a reconnect timer, brings it back
                assertThat(resumedAfter).as("resumes with the next scheduled exports").isLessThan(INTERVAL.plusSeconds(5));
            } finally {
                recording.set(false);
                gateway.join();
                gatewatch.close();   // core exports the last interval, then closes the exporter
            }
            daemon.awaitFlush();

            assertThat(recorded.get()).isPositive();
            assertThat(daemon.sum(k -> k.startsWith("gateway.requests.env.it."))).isEqualTo(recorded.get());
            assertThat(daemon.sum(k -> k.startsWith("gateway.request.duration.count.env.it.")))
                    .isEqualTo(recorded.get());
            assertThat(daemon.counters().get("statsd.bad_lines_seen")).isZero();
            assertThat(refusals(gatewatch)).isGreaterThanOrEqualTo(2);
            assertThat(Snapshots.counter(gatewatch.snapshot(), "gatewatch.statsd.dropped")).isZero();
        }
    }

    private static long refusals(Gatewatch gatewatch) {
        return Snapshots.counter(gatewatch.snapshot(), "gatewatch.statsd.errors", "reason", "refused");
    }

    private static boolean notHealthy(HealthStatus status) {
        return status == HealthStatus.DEGRADED || status == HealthStatus.DOWN;
    }

    private static HealthStatus status(Gatewatch gatewatch, String component) {
        for (HealthView.ComponentHealth c : gatewatch.health().components()) {
            if (c.name().equals(component)) {
                return c.status();
            }
        }
        return null;
    }

    private static long okExports(Gatewatch gatewatch) {
        return Snapshots.counter(gatewatch.snapshot(), "gatewatch.exporter.exports", "exporter", "statsd", "result", "ok");
    }

    /** A condition that may read the daemon's flush file. */
    private interface Condition {
        boolean holds() throws Exception;
    }

    private static void await(String what, Condition condition) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!condition.holds()) {
            if (System.nanoTime() > deadline) {
                fail("timed out waiting for: " + what);
            }
            Thread.sleep(5);
        }
    }
}
