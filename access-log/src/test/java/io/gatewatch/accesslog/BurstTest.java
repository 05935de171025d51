package io.gatewatch.accesslog;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gatewatch.api.Counter;
import io.gatewatch.api.Family;
import io.gatewatch.api.HttpMethod;
import io.gatewatch.api.ResponseSource;
import io.gatewatch.api.TraceContext;
import io.gatewatch.internal.store.MetricStore;
import io.gatewatch.internal.store.StoreSettings;
import io.gatewatch.snapshot.CounterPoint;
import io.gatewatch.snapshot.Labels;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The listener, the ring and the writer together, with a clock the test moves. */
class BurstTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final MetricStore store = new MetricStore(StoreSettings.defaults("n").withJvmMetrics(false));
    private final Family<Counter> dropped = store.selfMetrics().counter("gatewatch.access_log.dropped", "d", "reason");
    private final Counter lines = store.selfMetrics().counter("gatewatch.access_log.lines", "l").labels();
    private final AtomicLong nanos = new AtomicLong(5_000_000_000L);
    private final ByteArrayOutputStream stdout = new ByteArrayOutputStream();

    private final class Setup {
        final EventRing ring;
        final AccessLogListener listener;
        final AccessLogWriter writer;

        Setup(double sampleRate, int maxPerSecond, int queueSize) {
            ring = new EventRing(queueSize);
            listener = new AccessLogListener(ring, sampleRate, new RateCap(maxPerSecond, nanos::get),
                    Clock.fixed(Instant.parse("2026-01-02T03:04:05.678Z"), ZoneOffset.UTC),
                    dropped.labels("rate_limit"), dropped.labels("queue_full"));
            writer = new AccessLogWriter(ring, new JsonLine("node-\"1\""), null, stdout, Thread::new, lines,
                    dropped.labels("write_error"), new io.gatewatch.spi.HealthReporter.Component() {
                        @Override
                        public void ok(String message) {
                        }

                        @Override
                        public void error(String message) {
                        }
                    });
        }

        void offer(int i) {
            listener.onRequest("svc", "route-" + (i % 3), HttpMethod.GET, 200, ResponseSource.UPSTREAM, null,
                    i * 1000L, i * 500L, i, 2L * i, TraceContext.of(1, i + 1, 7, true));
        }
    }

    private long count(String family, String... labels) {
        CounterPoint p = (CounterPoint) store.snapshot(0, List.of()).family(family).point(Labels.pairs(labels));
        return p == null ? 0 : p.value();
    }

    private List<JsonNode> written() throws Exception {
        List<JsonNode> out = new ArrayList<>();
        for (String line : stdout.toString(StandardCharsets.UTF_8).split("\n")) {
            if (!line.isEmpty()) {
                out.add(JSON.readTree(line));
            }
        }
        return out;
    }

    @Test
    void aBurstFromManyThreadsIsCappedPerSecondAndTheRestCounted() throws Exception {
        Setup s = new Setup(1.0, 100, 16_384);
        int threads = 4;
        int perThread = 2_500;
        CountDownLatch go = new CountDownLatch(1);
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int base = t * perThread;
            Thread w = new Thread(() -> {
                try {
                    go.await();
                } catch (InterruptedException e) {
                    return;
                }
                for (int i = 0; i < perThread; i++) {
                    s.offer(base + i);
                }
            });
            w.start();
            workers.add(w);
        }
        go.countDown();
        for (Thread w : workers) {
            w.join();
        }
        // the next second has a fresh budget
        nanos.addAndGet(1_000_000_000L);
        for (int i = 0; i < 30; i++) {
            s.offer(i);
        }
        s.writer.start();
        s.writer.stop();

        List<JsonNode> lines = written();
        assertThat(lines).hasSize(130);
        assertThat(count("gatewatch.access_log.dropped", "reason", "rate_limit")).isEqualTo(threads * perThread - 100);
        assertThat(count("gatewatch.access_log.dropped", "reason", "queue_full")).isZero();
        assertThat(count("gatewatch.access_log.lines")).isEqualTo(130);
        // each line is whole and self-consistent: bytes and latencies derive from the same i
        for (JsonNode line : lines) {
            long in = line.get("request_bytes").asLong();
            assertThat(line.get("response_bytes").asLong()).isEqualTo(2 * in);
            assertThat(line.get("route").asText()).isEqualTo("route-" + (in % 3));
            assertThat(line.get("trace_id").asText()).isEqualTo(TraceContext.traceIdHex(1, in + 1));
            assertThat(line.get("node_id").asText()).isEqualTo("node-\"1\"");
            assertThat(line.get("timestamp").asText()).isEqualTo("2026-01-02T03:04:05.678Z");
        }
    }

    @Test
    void aFullQueueDropsAndCountsInsteadOfBlocking() throws Exception {
        Setup s = new Setup(1.0, 1_000_000, 64);
        long start = System.nanoTime();
        for (int i = 0; i < 1_000; i++) {
            s.offer(i);
        }
        assertThat(System.nanoTime() - start).isLessThan(1_000_000_000L);
        assertThat(count("gatewatch.access_log.dropped", "reason", "queue_full")).isEqualTo(1_000 - 64);
        s.writer.start();
        s.writer.stop();
        List<JsonNode> lines = written();
        assertThat(lines).hasSize(64);
        assertThat(lines.get(0).get("request_bytes").asLong()).isZero();
        assertThat(lines.get(63).get("request_bytes").asLong()).isEqualTo(63);
    }

    @Test
    void theWriterKeepsUpWithAProducerWhileRunning() throws Exception {
        Setup s = new Setup(1.0, 1_000_000, 1024);
        s.writer.start();
        int offered = 0;
        for (int i = 0; i < 20_000; i++) {
            s.offer(i);
            offered++;
            if (i % 500 == 0) {
                Thread.sleep(1);
            }
        }
        s.writer.stop();
        long drops = count("gatewatch.access_log.dropped", "reason", "queue_full");
        assertThat(written()).hasSize((int) (offered - drops));
        assertThat(count("gatewatch.access_log.lines")).isEqualTo(offered - drops);
    }

    @Test
    void sampleRateKeepsAboutThatShare() throws Exception {
        Setup s = new Setup(0.25, 1_000_000, 32_768);
        for (int i = 0; i < 20_000; i++) {
            s.offer(i);
        }
        s.writer.start();
        s.writer.stop();
        // binomial(20000, 0.25): mean 5000, standard deviation 61
        assertThat(written().size()).isBetween(4_600, 5_400);
    }

    @Test
    void hostileLabelValuesStayValidJson() throws Exception {
        Setup s = new Setup(1.0, 100, 8);
        s.listener.onRequest("a\"b\\c", "line\nbreak\u0001\u2028", HttpMethod.GET, 200, ResponseSource.GATEWAY,
                "ünï\uD83D\uDE00", 1, -1, 0, 0, null);
        s.writer.start();
        s.writer.stop();
        JsonNode line = written().get(0);
        assertThat(line.get("service").asText()).isEqualTo("a\"b\\c");
        assertThat(line.get("route").asText()).isEqualTo("line\nbreak\u0001\u2028");
        assertThat(line.get("consumer").asText()).isEqualTo("ünï\uD83D\uDE00");
        assertThat(stdout.toString(StandardCharsets.UTF_8).split("\n")).hasSize(1);
    }
}
