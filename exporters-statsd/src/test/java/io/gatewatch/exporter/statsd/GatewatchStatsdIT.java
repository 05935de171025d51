package io.gatewatch.exporter.statsd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.typesafe.config.ConfigFactory;
import io.gatewatch.Gatewatch;
import io.gatewatch.api.HttpMethod;
import io.gatewatch.api.ResponseSource;
import io.gatewatch.api.RouteMetrics;
import io.gatewatch.spi.HealthStatus;
import io.gatewatch.spi.HealthView;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
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
            Thread gateway = new Thread(() -> {
                while (recording.get()) {
                    route.record(HttpMethod.GET, 200, ResponseSource.UPSTREAM, 3_000_000, 2_000_000, 10, 20);
                    if (recorded.incrementAndGet() % 20 == 0) {
                        java.util.concurrent.locks.LockSupport.parkNanos(1_000_000);
                    }
                }
            }, "gateway-traffic");
            gateway.start();
            try {
                await("first good export", () -> status(gatewatch, "exporter:statsd") == HealthStatus.HEALTHY);
                // stop the daemon just after an export, so no datagram is on its way while it exits
                long exports = okExports(gatewatch);
                await("next export", () -> okExports(gatewatch) > exports);
                daemon.stop();
                await("degraded while the daemon is gone",
                        () -> status(gatewatch, "exporter:statsd") == HealthStatus.DEGRADED);
                assertThat(status(gatewatch, StatsdExporter.HEALTH_COMPONENT)).isEqualTo(HealthStatus.DEGRADED);

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
            assertThat(Snapshots.counter(gatewatch.snapshot(), "gatewatch.statsd.errors", "reason", "refused"))
                    .isGreaterThanOrEqualTo(2);
            assertThat(Snapshots.counter(gatewatch.snapshot(), "gatewatch.statsd.dropped")).isZero();
        }
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

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail("timed out waiting for: " + what);
            }
            Thread.sleep(5);
        }
    }
}
