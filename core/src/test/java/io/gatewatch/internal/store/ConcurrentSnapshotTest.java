package io.gatewatch.internal.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.gatewatch.api.HttpMethod;
import io.gatewatch.api.ResponseSource;
import io.gatewatch.api.RouteMetrics;
import io.gatewatch.snapshot.CounterPoint;
import io.gatewatch.snapshot.HistogramPoint;
import io.gatewatch.snapshot.Labels;
import io.gatewatch.snapshot.MetricFamily;
import io.gatewatch.snapshot.Point;
import io.gatewatch.snapshot.Snapshot;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * Writers at full speed (more threads than owned stripes, so shared atomic stripes are exercised
 * too) while a reader snapshots continuously: every snapshot is internally consistent, nothing
 * goes down between snapshots, and the last snapshot equals exactly what was recorded.
 */
class ConcurrentSnapshotTest {
    private static final int WRITERS = Stripes.OWNED + 3;
    private static final int PER_WRITER = 200_000;

    @Test
    void snapshotsStayConsistentWhileWritersRunAndEndExact() throws Exception {
        MetricStore store = new MetricStore(StoreSettings.defaults("n").withJvmMetrics(false));
        RouteMetrics[] routes = {
            store.gatewayMetrics().route("svc", "a"), store.gatewayMetrics().route("svc", "b")};
        CountDownLatch start = new CountDownLatch(1);
        AtomicBoolean writing = new AtomicBoolean(true);
        List<Thread> writers = new ArrayList<>();
        AtomicLong snapshots = new AtomicLong();
        for (int w = 0; w < WRITERS; w++) {
            int id = w;
            Thread t = new Thread(() -> {
                await(start);
                for (int i = 0; i < PER_WRITER; i++) {
                    if (i == PER_WRITER / 2) {
                        awaitSnapshots(snapshots);   // a busy machine may starve the reader
                    }
                    RouteMetrics r = routes[(i + id) & 1];
                    int status = (i % 3 == 0) ? 500 : 200;
                    r.record(HttpMethod.GET, status, ResponseSource.UPSTREAM, (i % 1000) * 100_000L, 50_000L, 3, 7);
                }
            }, "writer-" + w);
            writers.add(t);
            t.start();
        }
        List<String> violations = new ArrayList<>();
        Thread reader = new Thread(() -> {
            await(start);
            Map<String, Long> previous = new HashMap<>();
            while (writing.get()) {
                Snapshot s = store.snapshot(0, List.of());
                snapshots.incrementAndGet();
                check(s, previous, violations);
            }
        }, "reader");
        reader.start();
        start.countDown();
        for (Thread t : writers) {
            t.join();
        }
        writing.set(false);
        reader.join();

        assertThat(violations).isEmpty();
        assertThat(snapshots.get()).isGreaterThan(10);

        Snapshot last = store.snapshot(0, List.of());
        long total = (long) WRITERS * PER_WRITER;
        long requests = 0;
        for (Point p : last.family("requests").points()) {
            requests += ((CounterPoint) p).value();
        }
        assertThat(requests).isEqualTo(total);
        long histogramCount = 0;
        long histogramSum = 0;
        for (Point p : last.family("request.duration").points()) {
            histogramCount += ((HistogramPoint) p).count();
            histogramSum += ((HistogramPoint) p).sum();
        }
        long expectedSumPerWriter = 0;
        for (int i = 0; i < PER_WRITER; i++) {
            expectedSumPerWriter += (i % 1000) * 100_000L;
        }
        assertThat(histogramCount).isEqualTo(total);
        assertThat(histogramSum).isEqualTo(expectedSumPerWriter * WRITERS);
        long bytes = 0;
        for (Point p : last.family("response.bytes").points()) {
            bytes += ((CounterPoint) p).value();
        }
        assertThat(bytes).isEqualTo(total * 7);
        long status500 = 0;
        for (Point p : last.family("requests").points()) {
            if ("500".equals(p.labels().get("status"))) {
                status500 += ((CounterPoint) p).value();
            }
        }
        long expected500PerWriter = (PER_WRITER + 2) / 3;
        assertThat(status500).isEqualTo(expected500PerWriter * WRITERS);
    }

    private static void check(Snapshot s, Map<String, Long> previous, List<String> violations) {
        for (MetricFamily f : s.families()) {
            for (Point p : f.points()) {
                String key = f.descriptor().name() + p.labels();
                long now;
                if (p instanceof CounterPoint c) {
                    now = c.value();
                } else if (p instanceof HistogramPoint h) {
                    long sumOfBuckets = 0;
                    for (int i = 0; i < h.bucketSlots(); i++) {
                        long before = previous.getOrDefault(key + "#" + i, 0L);
                        if (h.cumulative(i) < before) {
                            violations.add(key + " bucket " + i + " went down");
                        }
                        previous.put(key + "#" + i, h.cumulative(i));
                        sumOfBuckets += h.bucket(i);
                    }
                    if (sumOfBuckets != h.count()) {
                        violations.add(key + " count " + h.count() + " != buckets " + sumOfBuckets);
                    }
                    now = h.count();
                } else {
                    continue;
                }
                Long before = previous.put(key, now);
                if (before != null && now < before) {
                    violations.add(key + " went down from " + before + " to " + now);
                }
            }
        }
    }

    /** Holds a writer halfway until the reader has taken a few snapshots while writes go on (30 s at most). */
    private static void awaitSnapshots(AtomicLong snapshots) {
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (snapshots.get() <= 10 && System.nanoTime() < deadline) {
            java.util.concurrent.locks.LockSupport.parkNanos(1_000_000);
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void stripeOfADeadThreadPassesToTheNextWithoutLosingCounts() throws Exception {
        MetricStore store = new MetricStore(StoreSettings.defaults("n").withJvmMetrics(false));
        var counter = store.meters().counter("handover", "test").labels();
        for (int round = 0; round < Stripes.OWNED * 3; round++) {
            Thread t = new Thread(() -> {
                for (int i = 0; i < 1000; i++) {
                    counter.increment();
                }
            });
            t.start();
            t.join();
        }
        Snapshot s = store.snapshot(0, List.of());
        assertThat(((CounterPoint) s.family("handover").point(Labels.EMPTY)).value())
                .isEqualTo(Stripes.OWNED * 3 * 1000L);
    }
}
