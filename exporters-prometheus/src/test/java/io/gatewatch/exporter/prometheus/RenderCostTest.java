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
 * Rendering into a reused buffer makes no garbage, however many series: the property the scrape
 * budget rests on. Speed itself is compared with simpleclient in the benchmarks module, not here.
 */
class RenderCostTest {
    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    @Test
    void tenThousandHistogramSeriesRenderWithoutGarbageOnceTheBufferIsSized() throws Exception {
        Snapshot snapshot = Fixtures.largeHistogramSnapshot(10_000);
        PrometheusTextRenderer renderer = new PrometheusTextRenderer("gateway");
        ExpositionBuffer out = new ExpositionBuffer();
        renderer.render(snapshot, out); // sizes the buffer and fills the per-family encoding cache
        long thread = Thread.currentThread().getId();
        long before = THREADS.getThreadAllocatedBytes(thread);
        renderer.render(snapshot, out);
        long allocated = THREADS.getThreadAllocatedBytes(thread) - before;

        System.out.printf("FIGURES prometheus render: %d bytes of text for 10,000 histogram series, %d bytes allocated by the second render%n",
                out.size(), allocated);
        assertThat(out.size()).isGreaterThan(10_000_000);
        assertThat(allocated).as("bytes allocated by a second render of %d bytes", out.size()).isLessThan(64 * 1024);
        // simpleclient's TextFormat allocates megabytes for the same series (benchmarks/RESULTS.md)
        CountingSink sink = new CountingSink();
        List<MetricFamilySamples> samples = GatewatchCollector.convert(snapshot, "gateway");
        Writer w = new BufferedWriter(new OutputStreamWriter(sink, StandardCharsets.UTF_8));
        TextFormat.write004(w, Collections.enumeration(samples));
        w.flush();
        assertThat(sink.count).as("same text size as simpleclient's").isBetween(out.size() * 9L / 10, out.size() * 11L / 10);
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
