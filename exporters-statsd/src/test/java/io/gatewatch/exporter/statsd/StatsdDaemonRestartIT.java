package io.gatewatch.exporter.statsd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.gatewatch.api.HttpMethod;
import io.gatewatch.api.ResponseSource;
import io.gatewatch.api.RouteMetrics;
import io.gatewatch.snapshot.Labels;
import io.gatewatch.testing.TestPluginContext;
import java.io.IOException;
import java.net.PortUnreachableException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The daemon goes away and comes back while the gateway keeps recording from another thread:
 * recording never waits for the network, every failed interval is counted and reported, sending resumes on the
 * first interval after the daemon is back, and in the end what the daemon received plus the
 * counted drops equals what was recorded.
 */
class StatsdDaemonRestartIT {
    private static final Duration INTERVAL = Duration.ofMillis(100);
    private static final int DOWNTIME_RECORDINGS = 20_000;

    @TempDir
    Path dir;

    @Test
    void countsReceivedPlusCountedDropsEqualWhatWasRecorded() throws Exception {
        try (StatsdDaemon daemon = StatsdDaemon.start(dir)) {
            TestPluginContext context = Snapshots.context(Labels.pairs("env", "it"));
            StatsdExporter exporter = new StatsdExporter(new StatsdSettings("127.0.0.1", daemon.port(), null,
                    StatsdFlavor.ETSY, INTERVAL, 1432, 4096, Map.of()), context);
            RouteMetrics route = context.store().gatewayMetrics().route("accounts", "get-user");
            AtomicBoolean recording = new AtomicBoolean(true);
            AtomicLong recorded = new AtomicLong();
            AtomicLong slowestNanos = new AtomicLong();
            Thread gateway = new Thread(() -> {
                while (recording.get()) {
                    recordOnce(route, recorded, slowestNanos);
                    if (recorded.get() % 50 == 0) {
                        java.util.concurrent.locks.LockSupport.parkNanos(1_000_000);
                    }
                }
            }, "gateway-traffic");
            gateway.start();

            exportFor(exporter, context, 5, true);
            // the daemon must have read every datagram sent so far before it goes, or they
            // would be lost where neither side can count them
            long sentBeforeStop = Snapshots.counter(context.snapshot(), "gatewatch.statsd.lines");
            await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(50))
                    .until(() -> daemon.counters().getOrDefault("statsd.metrics_received", 0.0) >= sentBeforeStop);
            daemon.stop();
            // a fixed amount of recording on a second thread while the daemon is down: it
            // completes, and none of its calls waits for the network
            Thread downtimeTraffic = new Thread(() -> {
                for (int i = 0; i < DOWNTIME_RECORDINGS; i++) {
                    recordOnce(route, recorded, slowestNanos);
                }
            }, "gateway-traffic-while-down");
            downtimeTraffic.start();
            List<Exception> failures = exportFor(exporter, context, 5, false);
            downtimeTraffic.join(Duration.ofSeconds(30).toMillis());
            assertThat(downtimeTraffic.isAlive()).as("%d recordings finished while the daemon was down",
                    DOWNTIME_RECORDINGS).isFalse();
            assertThat(failures).hasSize(5).allSatisfy(e -> assertThat(e).isInstanceOf(IOException.class)
                    .hasCauseInstanceOf(PortUnreachableException.class));
            assertThat(context.health().records(StatsdExporter.HEALTH_COMPONENT)).last().asString().startsWith("error: ");

            daemon.start();
            List<Exception> afterRestart = exportFor(exporter, context, 1, true);
            assertThat(afterRestart).as("the first interval after the restart goes through").isEmpty();
            assertThat(context.health().records(StatsdExporter.HEALTH_COMPONENT)).last().asString().startsWith("ok: ");
            exportFor(exporter, context, 3, true);

            recording.set(false);
            gateway.join();
            exporter.close();   // sends what was recorded since the last interval
            daemon.awaitFlush();

            double received = daemon.sum(k -> k.startsWith("gateway.requests.env.it."));
            long dropped = Snapshots.counter(context.snapshot(), "gatewatch.statsd.dropped");
            assertThat(recorded.get()).isPositive();
            System.out.printf("FIGURES statsd restart: %d recordings, slowest recording call %.3f ms%n",
                    recorded.get(), slowestNanos.get() / 1e6);
            // gross: a call that waited for the network would block for a refusal or a timeout
            assertThat(slowestNanos.get()).as("no recording waited for the network (ns)")
                    .isLessThan(Duration.ofSeconds(1).toNanos());
            assertThat(Snapshots.counter(context.snapshot(), "requests"))
                    .isEqualTo(recorded.get());
            assertThat(received + dropped).isEqualTo(recorded.get());
            assertThat(dropped).as("loopback reports every refusal in time: nothing is lost").isZero();
            assertThat(daemon.sum(k -> k.startsWith("gateway.request.duration.count.env.it."))).isEqualTo(recorded.get());
            assertThat(daemon.counters().get("statsd.bad_lines_seen")).isZero();
            assertThat(Snapshots.counter(context.snapshot(), "gatewatch.statsd.errors", "reason", "refused")).isEqualTo(5);
            assertThat(Snapshots.counter(context.snapshot(), "gatewatch.statsd.deferred")).isPositive();
        }
    }

    private static void recordOnce(RouteMetrics route, AtomicLong recorded, AtomicLong slowestNanos) {
        long started = System.nanoTime();
        route.record(HttpMethod.GET, 200, ResponseSource.UPSTREAM, 3_000_000, 2_000_000, 10, 20);
        slowestNanos.accumulateAndGet(System.nanoTime() - started, Math::max);
        recorded.incrementAndGet();
    }

    /** Exports {@code n} intervals as core would, returning what they threw. */
    private static List<Exception> exportFor(StatsdExporter exporter, TestPluginContext context, int n, boolean expectOk)
            throws InterruptedException {
        List<Exception> failures = new java.util.ArrayList<>();
        for (int i = 0; i < n; i++) {
            Thread.sleep(INTERVAL.toMillis());
            try {
                exporter.export(context.snapshot());
            } catch (Exception e) {
                if (expectOk) {
                    throw new AssertionError("export failed while the daemon was up", e);
                }
                failures.add(e);
            }
        }
        return failures;
    }
}
