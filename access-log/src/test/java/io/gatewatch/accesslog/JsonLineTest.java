package io.gatewatch.accesslog;

import static org.assertj.core.api.Assertions.assertThat;

import io.gatewatch.api.HttpMethod;
import io.gatewatch.api.ResponseSource;
import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;

class JsonLineTest {
    private final EventRing ring = new EventRing(4);
    private final JsonLine format = new JsonLine("gw-1");

    @Test
    void formatsEveryFieldWithExactDecimalsAndIds() {
        int i = slot(1795303323456L, 17_204_000L, 15_980_000L, 0x4bf92f3577b34da6L, 0xa3ce929d0e0e4736L, 0x00f067aa0ba902b7L);
        assertThat(line(i)).isEqualTo("{\"timestamp\":\"2026-11-21T23:22:03.456Z\",\"node_id\":\"gw-1\",\"service\":\"accounts\","
                + "\"route\":\"users\",\"method\":\"GET\",\"status\":200,\"source\":\"upstream\",\"consumer\":\"alice\","
                + "\"latency_ms\":17.204,\"upstream_latency_ms\":15.98,\"overhead_latency_ms\":1.224,\"request_bytes\":12,"
                + "\"response_bytes\":312,\"trace_id\":\"4bf92f3577b34da6a3ce929d0e0e4736\",\"span_id\":\"00f067aa0ba902b7\"}\n");
    }

    @Test
    void wholeSecondsAndMillisecondsAreWrittenAsIsoInstantWritesThem() {
        assertThat(line(slot(1795303323000L, 1_000_000L, -1, 0, 0, 0)))
                .startsWith("{\"timestamp\":\"2026-11-21T23:22:03Z\"")
                .contains("\"latency_ms\":1,\"upstream_latency_ms\":null,\"overhead_latency_ms\":1,")
                .endsWith("\"trace_id\":null,\"span_id\":null}\n");
        assertThat(line(slot(1795303323007L, 1_000_001L, 999_999L, 0, 0, 0)))
                .startsWith("{\"timestamp\":\"2026-11-21T23:22:03.007Z\"")
                .contains("\"latency_ms\":1.000001,\"upstream_latency_ms\":0.999999,\"overhead_latency_ms\":0.000002,");
        // the next second, and one far from the first: the cached date and time follow
        assertThat(line(slot(1795303324050L, 120L, -1, 0, 0, 1))).startsWith("{\"timestamp\":\"2026-11-21T23:22:04.050Z\"")
                .contains("\"latency_ms\":0.00012,");
        assertThat(line(slot(0L, 0L, -1, 0, 0, 1))).startsWith("{\"timestamp\":\"1970-01-01T00:00:00Z\"")
                .contains("\"latency_ms\":0,");
    }

    @Test
    void formattingAndWritingALineAllocatesNothingOnceWarm() {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        StringBuilder out = new StringBuilder(512);
        int i = slot(1795303323456L, 17_204_123L, 15_980_000L, 0x4bf92f3577b34da6L, 0xa3ce929d0e0e4736L, 0x00f067aa0ba902b7L);
        for (int k = 0; k < 20_000; k++) {
            out.setLength(0);
            format.format(ring, i, out);
        }
        long before = threads.getCurrentThreadAllocatedBytes();
        for (int k = 0; k < 10_000; k++) {
            out.setLength(0);
            format.format(ring, i, out);
        }
        long perLine = (threads.getCurrentThreadAllocatedBytes() - before) / 10_000;
        assertThat(perLine).as("bytes allocated per line").isZero();
    }

    private int slot(long millis, long totalNanos, long upstreamNanos, long traceHigh, long traceLow, long spanId) {
        int i = ring.claim();
        ring.timestampMillis[i] = millis;
        ring.service[i] = "accounts";
        ring.route[i] = "users";
        ring.method[i] = HttpMethod.GET;
        ring.status[i] = 200;
        ring.source[i] = ResponseSource.UPSTREAM;
        ring.consumer[i] = "alice";
        ring.totalNanos[i] = totalNanos;
        ring.upstreamNanos[i] = upstreamNanos;
        ring.bytesIn[i] = 12;
        ring.bytesOut[i] = 312;
        ring.traceHigh[i] = traceHigh;
        ring.traceLow[i] = traceLow;
        ring.spanId[i] = spanId;
        ring.publish(i);
        return i;
    }

    private String line(int i) {
        StringBuilder out = new StringBuilder();
        format.format(ring, i, out);
        ring.release(ring.peek());
        return out.toString();
    }
}
