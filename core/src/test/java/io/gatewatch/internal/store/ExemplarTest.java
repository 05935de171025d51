package io.gatewatch.internal.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.gatewatch.api.HttpMethod;
import io.gatewatch.api.ResponseSource;
import io.gatewatch.api.RouteMetrics;
import io.gatewatch.api.TraceContext;
import io.gatewatch.api.TraceParent;
import io.gatewatch.snapshot.Exemplar;
import io.gatewatch.snapshot.HistogramPoint;
import io.gatewatch.snapshot.Labels;
import io.gatewatch.snapshot.Snapshot;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ExemplarTest {
    private static final long MS = 1_000_000L;

    private final MetricStore store = new MetricStore(StoreSettings.defaults("node-1").withJvmMetrics(false));
    private final RouteMetrics route = store.gatewayMetrics().route("accounts", "get-user");

    private HistogramPoint histogram(String family) {
        Snapshot s = store.snapshot(1_000L, List.of());
        return (HistogramPoint) s.family(family).point(Labels.pairs("service", "accounts", "route", "get-user"));
    }

    @Test
    void sampledTraceBecomesTheExemplarOfEachLatencyBucket() {
        TraceContext trace = TraceParent.parse("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");
        long before = System.currentTimeMillis();
        route.record(HttpMethod.GET, 200, ResponseSource.UPSTREAM, 30 * MS, 20 * MS, 10, 20, null, trace);
        long after = System.currentTimeMillis();

        HistogramPoint total = histogram("request.duration");
        assertThat(total.count()).isEqualTo(1);
        // bounds 1, 2.5, 5, 10, 25, 50 ms: 30 ms is in slot 5
        Exemplar e = total.exemplar(5);
        assertThat(e.traceId()).isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
        assertThat(e.spanIdHex()).isEqualTo("00f067aa0ba902b7");
        assertThat(e.value()).isEqualTo(30 * MS);
        assertThat(e.timestampMillis()).isBetween(before, after);
        for (int i = 0; i < total.bucketSlots(); i++) {
            if (i != 5) {
                assertThat(total.exemplar(i)).as("slot %d", i).isNull();
            }
        }
        assertThat(histogram("upstream.duration").exemplar(4).value()).isEqualTo(20 * MS);
        assertThat(histogram("overhead.duration").exemplar(3).value()).isEqualTo(10 * MS);
    }

    @Test
    void latestSampledTraceWinsAndUnsampledOrAbsentTracesLeaveNone() {
        route.record(HttpMethod.GET, 200, ResponseSource.UPSTREAM, 3 * MS, 2 * MS, 0, 0, null, null);
        route.record(HttpMethod.GET, 200, ResponseSource.UPSTREAM, 3 * MS, 2 * MS, 0, 0);
        assertThat(histogram("request.duration").hasExemplars()).isFalse();

        route.record(HttpMethod.GET, 200, ResponseSource.UPSTREAM, 3 * MS, 2 * MS, 0, 0, null, TraceContext.of(1, 1, 1, true));
        route.record(HttpMethod.GET, 200, ResponseSource.UPSTREAM, 4 * MS, 2 * MS, 0, 0, null, TraceContext.of(2, 2, 2, true));
        route.record(HttpMethod.GET, 200, ResponseSource.UPSTREAM, 4 * MS, 2 * MS, 0, 0, null, TraceContext.of(3, 3, 3, false));
        Exemplar e = histogram("request.duration").exemplar(2);
        assertThat(e.traceIdHigh()).isEqualTo(2);
        assertThat(e.value()).isEqualTo(4 * MS);
        assertThat(histogram("request.duration").count()).isEqualTo(5);
    }

    @Test
    void concurrentWritersNeverMixTwoRequestsInOneExemplar() throws Exception {
        ExemplarSlots slots = new ExemplarSlots(2);
        int writers = 4;
        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong written = new AtomicLong();
        CountDownLatch started = new CountDownLatch(writers);
        List<Thread> threads = new ArrayList<>();
        for (int w = 0; w < writers; w++) {
            long base = (long) (w + 1) << 40;
            Thread t = new Thread(() -> {
                started.countDown();
                for (long n = base; !stop.get(); n++) {
                    // every field derives from n, so a torn read shows up as fields that disagree
                    slots.offer(1, n, ~n, n * 31, n * 7, n + 5);
                    written.incrementAndGet();
                }
            });
            t.start();
            threads.add(t);
        }
        started.await();
        long reads = 0;
        long seen = 0;
        long deadline = System.nanoTime() + 500 * MS;
        try {
            // at least 500 ms, and on a busy machine until the writers did enough to check
            long hardDeadline = System.nanoTime() + 30_000 * MS;
            while ((System.nanoTime() < deadline || written.get() <= 1000 || seen == 0) && System.nanoTime() < hardDeadline) {
                Exemplar e = slots.read(1);
                reads++;
                if (e != null) {
                    seen++;
                    long n = e.traceIdHigh();
                    assertThat(e.traceIdLow()).isEqualTo(~n);
                    assertThat(e.spanId()).isEqualTo(n * 31);
                    assertThat(e.value()).isEqualTo(n * 7);
                    assertThat(e.timestampMillis()).isEqualTo(n + 5);
                }
                assertThat(slots.read(0)).isNull();
            }
        } finally {
            stop.set(true);
            for (Thread t : threads) {
                t.join();
            }
        }
        assertThat(written.get()).isGreaterThan(1000);
        assertThat(seen).as("consistent reads out of %d", reads).isGreaterThan(0);
        // once writers stop, the slot holds one writer's last offer
        Exemplar last = slots.read(1);
        assertThat(last.traceIdLow()).isEqualTo(~last.traceIdHigh());
    }

    @Test
    void recordingWithOrWithoutTraceAllocatesNothingOnceWarm() {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        TraceContext trace = TraceContext.of(7, 8, 9, true);
        RouteMetrics.Consumer consumer = store.gatewayMetrics().consumer("alice");
        for (int i = 0; i < 20_000; i++) {
            route.record(HttpMethod.GET, 200, ResponseSource.UPSTREAM, i * 1000L, 500, 1, 2, consumer, trace);
            route.record(HttpMethod.GET, 200, ResponseSource.UPSTREAM, i * 1000L, 500, 1, 2, consumer);
        }
        long id = Thread.currentThread().getId();
        long before = threads.getThreadAllocatedBytes(id);
        for (int i = 0; i < 100_000; i++) {
            route.record(HttpMethod.GET, 200, ResponseSource.UPSTREAM, i * 1000L, 500, 1, 2, consumer, trace);
            route.record(HttpMethod.GET, 200, ResponseSource.UPSTREAM, i * 1000L, 500, 1, 2, consumer);
        }
        long allocated = threads.getThreadAllocatedBytes(id) - before;
        // 200,000 records; a single allocation per record would be at least 3.2 MB
        assertThat(allocated).isLessThan(64 * 1024);
    }
}
