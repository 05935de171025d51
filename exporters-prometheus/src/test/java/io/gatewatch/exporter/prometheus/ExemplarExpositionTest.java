package io.gatewatch.exporter.prometheus;

import static io.gatewatch.exporter.prometheus.Fixtures.*;
import static org.assertj.core.api.Assertions.assertThat;

import io.gatewatch.snapshot.Exemplar;
import io.gatewatch.snapshot.HistogramPoint;
import io.gatewatch.snapshot.Labels;
import io.gatewatch.snapshot.Snapshot;
import io.gatewatch.testing.TestPluginContext;
import java.io.IOException;
import org.junit.jupiter.api.Test;

class ExemplarExpositionTest {
    private final TestPluginContext context = Fixtures.context();

    private final MetricsEndpoint endpoint = new MetricsEndpoint(ExemplarExpositionTest::withExemplar, "gateway", null,
            new ScrapeMetrics(context.selfMetrics()), context.health().component("exporter:prometheus"), System::nanoTime);

    private static Snapshot withExemplar() {
        // bounds 5 ms, 100 ms, 1 s: one exemplar of 42 ms in the second bucket
        Exemplar e = new Exemplar(0x4bf92f3577b34da6L, 0xa3ce929d0e0e4736L, 0x00f067aa0ba902b7L, 42_000_000L,
                1_700_000_000_123L);
        HistogramPoint h = new HistogramPoint(Labels.pairs("service", "a", "route", "r"), new long[] {1, 2, 1, 1}, 5,
                3_006_500_000L, 1, 3_000_000_000L, new Exemplar[] {null, e, null, null});
        return snapshot(Labels.EMPTY, family(DURATION, h));
    }

    private String scrape(String accept) throws IOException {
        return endpoint.scrape(accept, (type, body) -> body.toString());
    }

    @Test
    void openMetricsShowsTheBucketsExemplarWithTraceAndSpanIds() throws IOException {
        String om = scrape("application/openmetrics-text; version=1.0.0");
        assertThat(om).contains("gateway_request_duration_seconds_bucket{service=\"a\",route=\"r\",le=\"0.1\"} 3"
                + " # {span_id=\"00f067aa0ba902b7\",trace_id=\"4bf92f3577b34da6a3ce929d0e0e4736\"} 0.042 1700000000.123\n");
        assertThat(om.lines().filter(l -> l.contains(" # {"))).hasSize(1);
    }

    @Test
    void prometheusTextHasNoExemplars() throws IOException {
        String text = scrape(null);
        assertThat(text).contains("gateway_request_duration_seconds_bucket{service=\"a\",route=\"r\",le=\"0.1\"} 3\n");
        assertThat(text).doesNotContain("trace_id").doesNotContain(" # {");
    }
}
