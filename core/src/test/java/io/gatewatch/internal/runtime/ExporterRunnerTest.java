package io.gatewatch.internal.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.gatewatch.api.HealthStatus;
import io.gatewatch.api.HealthView.ComponentHealth;
import io.gatewatch.api.RuntimeInfo;
import io.gatewatch.internal.health.HealthRegistry;
import io.gatewatch.internal.store.MetricStore;
import io.gatewatch.internal.store.StoreSettings;
import io.gatewatch.internal.testing.ManualClock;
import io.gatewatch.snapshot.Snapshot;
import io.gatewatch.spi.PushExporter;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ExporterRunnerTest {
    private final ManualClock clock = new ManualClock(5_000L);
    private final MetricStore store = new MetricStore(StoreSettings.defaults("node-1").withJvmMetrics(false));
    private final SnapshotService snapshots = new SnapshotService(store, clock, List.of());
    private final HealthRegistry health = new HealthRegistry(clock, 10,
            io.gatewatch.internal.health.FailureThresholds.of(10), null, () -> RuntimeInfo.State.RUNNING,
            new DaemonThreads("health-test"));

    @AfterEach
    void close() {
        health.close();
    }

    @Test
    void healthFollowsTheBackendWithoutTheExporterReportingAnything() {
        AtomicBoolean backendUp = new AtomicBoolean(false);
        ExporterRunner runner = new ExporterRunner(exporter("statsd", Duration.ofSeconds(10), s -> {
            if (!backendUp.get()) {
                throw new java.net.PortUnreachableException("ICMP port unreachable");
            }
        }), snapshots, store.selfMetrics(), health);

        assertThat(component("exporter:statsd").status()).as("listed from start-up, before any export")
                .isEqualTo(HealthStatus.HEALTHY);
        assertThat(component("exporter:statsd").data()).containsEntry("state", "waiting for the first export (every 10s)");
        assertThat(component("exporter:statsd").records()).isEmpty();
        runner.exportOnce();
        assertThat(component("exporter:statsd").status()).isEqualTo(HealthStatus.DOWN);
        backendUp.set(true);
        clock.advance(Duration.ofSeconds(10));
        runner.exportOnce();
        assertThat(component("exporter:statsd").status()).isEqualTo(HealthStatus.HEALTHY);
        assertThat(component("exporter:statsd").data()).containsEntry("lastSuccessMillis", 15_000L)
                .containsEntry("consecutiveFailures", 0);
        backendUp.set(false);
        runner.exportOnce();
        runner.exportOnce();
        ComponentHealth degraded = component("exporter:statsd");
        assertThat(degraded.status()).isEqualTo(HealthStatus.DEGRADED);
        assertThat(degraded.data()).containsEntry("consecutiveFailures", 2).containsEntry("lastSuccessMillis", 15_000L);
        assertThat(degraded.records().get(3).message())
                .isEqualTo("export failed: PortUnreachableException: ICMP port unreachable");
        runner.abandon();
    }

    @Test
    void anExportThatOverrunsItsIntervalDelaysTheNextInsteadOfOverlapping() throws Exception {
        AtomicInteger running = new AtomicInteger();
        AtomicInteger maxRunning = new AtomicInteger();
        AtomicInteger calls = new AtomicInteger();
        ExporterRunner runner = new ExporterRunner(exporter("slow", Duration.ofMillis(5), s -> {
            maxRunning.accumulateAndGet(running.incrementAndGet(), Math::max);
            calls.incrementAndGet();
            Thread.sleep(30);   // six intervals
            running.decrementAndGet();
        }), snapshots, store.selfMetrics(), health);
        runner.start();
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> calls.get() >= 4);
        runner.beginShutdown();
        assertThat(runner.awaitShutdown(Duration.ofSeconds(5))).isTrue();
        assertThat(calls.get()).isGreaterThanOrEqualTo(4);
        assertThat(maxRunning.get()).isEqualTo(1);
    }

    @Test
    void aFinalExportThatHangsCannotHoldUpShutdownForever() throws Exception {
        CountDownLatch interrupted = new CountDownLatch(1);
        AtomicBoolean closed = new AtomicBoolean();
        PushExporter hanging = new PushExporter() {
            @Override
            public String name() {
                return "hanging";
            }

            @Override
            public Duration interval() {
                return Duration.ofHours(1);
            }

            @Override
            public void export(Snapshot snapshot) {
                try {
                    Thread.sleep(Long.MAX_VALUE);
                } catch (InterruptedException e) {
                    interrupted.countDown();
                }
            }

            @Override
            public void close() {
                closed.set(true);
            }
        };
        ExporterRunner runner = new ExporterRunner(hanging, snapshots, store.selfMetrics(), health);
        runner.start();
        runner.beginShutdown();
        long t0 = System.nanoTime();
        assertThat(runner.awaitShutdown(Duration.ofMillis(100))).isFalse();
        long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
        System.out.println("FIGURES exporter runner: shutdown with a hung final export returned after " + tookMillis + " ms (limit 100 ms)");
        // gross: the limit plus a few seconds; a shutdown that waited for the export would never return
        assertThat(tookMillis).isLessThan(100 + 5_000);
        assertThat(closed).isTrue();
        assertThat(interrupted.await(30, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void anExportThatHasNotReturnedWithinItsIntervalIsShownDegradedWithTheReason() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch entered = new CountDownLatch(1);
        long[] now = {1_000_000_000L};
        AtomicInteger exports = new AtomicInteger();
        ExporterRunner runner = new ExporterRunner(exporter("hung", Duration.ofSeconds(10), s -> {
            if (exports.incrementAndGet() > 1) {
                entered.countDown();
                release.await();
            }
        }), snapshots, store.selfMetrics(), health, () -> now[0]);
        runner.exportOnce();   // a first export that works
        Thread exporting = new Thread(runner::exportOnce);
        exporting.start();
        assertThat(entered.await(5, TimeUnit.SECONDS)).isTrue();

        now[0] += Duration.ofSeconds(9).toNanos();
        runner.checkOverdue();
        assertThat(component("exporter:hung").status()).as("within its interval").isEqualTo(HealthStatus.HEALTHY);
        now[0] += Duration.ofSeconds(2).toNanos();
        runner.checkOverdue();
        runner.checkOverdue();   // the same overrun is reported once
        ComponentHealth overdue = component("exporter:hung");
        assertThat(overdue.status()).isEqualTo(HealthStatus.DEGRADED);
        assertThat(overdue.records()).extracting(r -> r.message()).containsExactly(
                "exported " + snapshots.snapshot().seriesCount() + " series",
                "export has not returned after 11s (interval 10s)");

        release.countDown();
        exporting.join(5_000);
        assertThat(component("exporter:hung").status()).as("the export returned fine").isEqualTo(HealthStatus.HEALTHY);
        runner.abandon();
    }

    @Test
    void closeNeverOverlapsAnExportThatIgnoresInterruptsAndHappensWhenItReturns() throws Exception {
        CountDownLatch entered = new CountDownLatch(1);
        AtomicBoolean release = new AtomicBoolean();
        AtomicBoolean inExport = new AtomicBoolean();
        AtomicInteger closes = new AtomicInteger();
        AtomicInteger exportsAfterClose = new AtomicInteger();
        AtomicBoolean overlapped = new AtomicBoolean();
        PushExporter stubborn = new PushExporter() {
            @Override
            public String name() {
                return "stubborn";
            }

            @Override
            public Duration interval() {
                return Duration.ofMillis(20);
            }

            @Override
            public void export(Snapshot snapshot) {
                if (closes.get() > 0) {
                    exportsAfterClose.incrementAndGet();
                }
                inExport.set(true);
                entered.countDown();
                while (!release.get()) {
                    Thread.interrupted();   // a blocking call that ignores interruption
                    java.util.concurrent.locks.LockSupport.parkNanos(1_000_000);
                }
                inExport.set(false);
            }

            @Override
            public void close() {
                overlapped.compareAndSet(false, inExport.get());
                closes.incrementAndGet();
            }
        };
        ExporterRunner runner = new ExporterRunner(stubborn, snapshots, store.selfMetrics(), health);
        runner.start();
        assertThat(entered.await(5, TimeUnit.SECONDS)).isTrue();
        runner.beginShutdown();
        long t0 = System.nanoTime();
        assertThat(runner.awaitShutdown(Duration.ofMillis(100))).isFalse();
        long waitedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
        assertThat(waitedMillis).as("bounded: the time-out plus the close grace").isLessThan(5_000);
        assertThat(closes).as("not closed while the export runs").hasValue(0);
        assertThat(runner.closed()).isFalse();

        release.set(true);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (closes.get() == 0 && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertThat(closes).as("closed once the export returned").hasValue(1);
        assertThat(overlapped).isFalse();
        assertThat(exportsAfterClose).hasValue(0);
        assertThat(runner.closed()).isTrue();
        System.out.printf("shutdown with a hung export waited %d ms (time-out 100 ms, grace %d ms)%n",
                waitedMillis, ExporterRunner.CLOSE_GRACE.toMillis());
    }

    @Test
    void anExporterWithoutAPositiveIntervalIsRefused() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new ExporterRunner(
                        exporter("zero", Duration.ZERO, s -> { }), snapshots, store.selfMetrics(), health))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("push exporter 'zero' has interval PT0S; it must be at least 1ms");
    }

    private ComponentHealth component(String name) {
        return health.components().stream().filter(c -> c.name().equals(name)).findFirst().orElseThrow();
    }

    interface Export {
        void run(Snapshot snapshot) throws Exception;
    }

    private static PushExporter exporter(String name, Duration interval, Export export) {
        return new PushExporter() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public Duration interval() {
                return interval;
            }

            @Override
            public void export(Snapshot snapshot) throws Exception {
                export.run(snapshot);
            }

            @Override
            public void close() {
            }
        };
    }
}
