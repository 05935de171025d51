package io.gatewatch.exporter.prometheus;

import static org.assertj.core.api.Assertions.assertThat;

import io.gatewatch.snapshot.Snapshot;
import io.prometheus.client.Collector.MetricFamilySamples;
import io.prometheus.client.exporter.common.TextFormat;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The budget, checked on every build: rendering 10,000 histogram series takes at most
 * 0.15x the time and 0.05x the allocation of simpleclient's TextFormat through a BufferedWriter.
 * Best of several runs, because this machine is shared.
 */
class RenderCostTest {
    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    private interface Run {
        void run() throws Exception;
    }

    private record Cost(long nanos, long bytes) {
    }

    private static Cost best(int runs, Run run) throws Exception {
        long bestNanos = Long.MAX_VALUE;
        long bestBytes = Long.MAX_VALUE;
        long thread = Thread.currentThread().getId();
        for (int i = 0; i < runs; i++) {
            long a0 = THREADS.getThreadAllocatedBytes(thread);
            long t0 = System.nanoTime();
            run.run();
            long t1 = System.nanoTime();
            long a1 = THREADS.getThreadAllocatedBytes(thread);
            bestNanos = Math.min(bestNanos, t1 - t0);
            bestBytes = Math.min(bestBytes, a1 - a0);
        }
        return new Cost(bestNanos, bestBytes);
    }

    @Test
    void tenThousandHistogramSeriesWithinBudgetOfSimpleclient() throws Exception {
        Snapshot snapshot = Fixtures.largeHistogramSnapshot(10_000);
        List<MetricFamilySamples> samples = GatewatchCollector.convert(snapshot, "gateway");
        CountingSink sink = new CountingSink();
        Run simpleclient = () -> {
            Writer w = new BufferedWriter(new OutputStreamWriter(sink, StandardCharsets.UTF_8));
            TextFormat.write004(w, Collections.enumeration(samples));
            w.flush();
        };
        PrometheusTextRenderer renderer = new PrometheusTextRenderer("gateway");
        ExpositionBuffer out = new ExpositionBuffer();
        Run ours = () -> renderer.render(snapshot, out);

        best(3, simpleclient); // warm-up
        best(20, ours);
        Cost theirs = best(5, simpleclient);
        Cost mine = best(20, ours);
        System.out.printf("10k histogram series, %d bytes: simpleclient buffered %.1f ms / %d KB, gatewatch %.1f ms / %d KB%n",
                out.size(), theirs.nanos / 1e6, theirs.bytes / 1024, mine.nanos / 1e6, mine.bytes / 1024);

        assertThat(out.size()).isGreaterThan(10_000_000);
        assertThat(mine.bytes).isLessThanOrEqualTo((long) (theirs.bytes * 0.05));
        assertThat(mine.nanos).isLessThanOrEqualTo((long) (theirs.nanos * 0.15));
    }

    /** Counts bytes and keeps none, like a socket that is fast enough. */
    private static final class CountingSink extends OutputStream {
        long count;

        @Override
        public void write(int b) {
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            count += len;
        }
    }
}
