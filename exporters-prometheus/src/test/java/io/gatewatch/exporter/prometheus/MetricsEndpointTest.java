package io.gatewatch.exporter.prometheus;

import static io.gatewatch.exporter.prometheus.Fixtures.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gatewatch.snapshot.Labels;
import io.gatewatch.snapshot.Snapshot;
import io.gatewatch.spi.SnapshotSource;
import io.gatewatch.testing.TestPluginContext;
import io.prometheus.client.CollectorRegistry;
import io.prometheus.client.Counter;
import java.io.IOException;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class MetricsEndpointTest {
    private static final String OPENMETRICS = "application/openmetrics-text; version=1.0.0; charset=utf-8";
    private final TestPluginContext context = Fixtures.context();

    private MetricsEndpoint endpoint(SnapshotSource source, CollectorRegistry extra) {
        return new MetricsEndpoint(source, "gateway", extra, new ScrapeMetrics(context.selfMetrics()),
                context.health().component("exporter:prometheus"), System::nanoTime);
    }

    private static String[] scrape(MetricsEndpoint endpoint, String accept) throws IOException {
        return endpoint.scrape(accept, (type, body) -> new String[] {type, body.toString()});
    }

    private static Snapshot small() {
        return snapshot(Labels.pairs("env", "prod"),
                family(REQUESTS, counter(42, "service", "a", "route", "r", "status", "200")),
                family(DURATION, histogram(3_006_500_000L, new long[] {1, 2, 1, 1}, "service", "a", "route", "r")),
                family(IN_FLIGHT, gauge(2)));
    }

    @Test
    void prometheusTextByDefault() throws IOException {
        String[] r = scrape(endpoint(MetricsEndpointTest::small, null), null);
        assertThat(r[0]).isEqualTo("text/plain; version=0.0.4; charset=utf-8");
        assertThat(r[1]).startsWith("# HELP gateway_requests_total Requests served\n");
        assertThat(r[1]).doesNotContain("# EOF");
    }

    @Test
    void openMetricsWhenTheScraperAsksForIt() throws IOException {
        String accept = "application/openmetrics-text;version=1.0.0,application/openmetrics-text;version=0.0.1;q=0.75,"
                + "text/plain;version=0.0.4;q=0.5,*/*;q=0.1"; // what Prometheus 2.x sends
        String[] r = scrape(endpoint(MetricsEndpointTest::small, null), accept);
        assertThat(r[0]).isEqualTo(OPENMETRICS);
        assertThat(r[1]).isEqualTo("""
                # TYPE gateway_requests counter
                # HELP gateway_requests Requests served
                gateway_requests_total{env="prod",service="a",route="r",status="200"} 42
                # TYPE gateway_request_duration_seconds histogram
                # UNIT gateway_request_duration_seconds seconds
                # HELP gateway_request_duration_seconds Total request latency
                gateway_request_duration_seconds_bucket{env="prod",service="a",route="r",le="0.005"} 1
                gateway_request_duration_seconds_bucket{env="prod",service="a",route="r",le="0.1"} 3
                gateway_request_duration_seconds_bucket{env="prod",service="a",route="r",le="1.0"} 4
                gateway_request_duration_seconds_bucket{env="prod",service="a",route="r",le="+Inf"} 5
                gateway_request_duration_seconds_sum{env="prod",service="a",route="r"} 3.0065
                gateway_request_duration_seconds_count{env="prod",service="a",route="r"} 5
                # TYPE gateway_requests_in_flight gauge
                # HELP gateway_requests_in_flight Requests being served
                gateway_requests_in_flight{env="prod"} 2
                # EOF
                """);
    }

    @Test
    void openMetricsEscapesHostileLabelsAndKeepsSurrogatePairs() throws IOException {
        Snapshot s = snapshot(Labels.EMPTY, family(REQUESTS,
                counter(1, "service", "q\"b\\s\nn", "route", "\uD83D\uDE00 日本", "status", "200")));
        String[] r = scrape(endpoint(() -> s, null), "application/openmetrics-text");
        assertThat(r[1]).contains("{service=\"q\\\"b\\\\s\\nn\",route=\"\uD83D\uDE00 日本\",status=\"200\"} 1\n");
    }

    @Test
    void defaultRegistryMetricsFollowWhenIncluded() throws IOException {
        CollectorRegistry host = new CollectorRegistry();
        Counter.build("host_jobs_total", "Jobs the host ran").register(host).inc(3);
        // a host family with a name gatewatch already exposes is left out rather than duplicated
        io.prometheus.client.Gauge.build("gateway_requests_in_flight", "clash").register(host).set(99);

        String text = scrape(endpoint(MetricsEndpointTest::small, host), null)[1];
        Exposition parsed = Exposition.parse(text);
        assertThat(parsed.value("host_jobs_total")).isEqualTo(3.0);
        assertThat(parsed.value("gateway_requests_in_flight")).isEqualTo(2.0);

        String om = scrape(endpoint(MetricsEndpointTest::small, host), "application/openmetrics-text")[1];
        assertThat(om).contains("host_jobs_total 3.0\n").endsWith("# EOF\n");
        assertThat(om.indexOf("# EOF")).isEqualTo(om.lastIndexOf("# EOF"));
    }

    @Test
    void selfMetricsShowScrapeDurationAndSizeInTheNextScrape() throws IOException {
        MetricsEndpoint endpoint = endpoint(context.snapshots(), null);
        int firstSize = endpoint.scrape(null, (type, body) -> body.size());
        Exposition second = Exposition.parse(scrape(endpoint, null)[1]);
        assertThat(second.value("gatewatch_prometheus_scrape_size_bytes", "format", "text")).isEqualTo(firstSize);
        assertThat(second.value("gatewatch_prometheus_scrape_duration_seconds_count", "format", "text")).isEqualTo(1.0);
        assertThat(second.value("gatewatch_prometheus_scrape_duration_seconds_sum", "format", "text")).isPositive();
        assertThat(second.value("gatewatch_exporter_exports_total", "exporter", "prometheus", "result", "ok"))
                .isEqualTo(1.0);
        assertThat(context.health().records("exporter:prometheus")).containsExactly("ok: serving scrapes");
    }

    @Test
    void aFailingSnapshotIsCountedAndReportedAndTheNextScrapeRecovers() throws IOException {
        AtomicReference<RuntimeException> fail = new AtomicReference<>(new IllegalStateException("boom"));
        MetricsEndpoint endpoint = endpoint(() -> {
            RuntimeException e = fail.get();
            if (e != null) {
                throw e;
            }
            return context.snapshots().snapshot();
        }, null);
        assertThatThrownBy(() -> scrape(endpoint, null)).hasMessage("boom");
        fail.set(null);
        Exposition parsed = Exposition.parse(scrape(endpoint, null)[1]);
        assertThat(parsed.value("gatewatch_exporter_errors_total", "exporter", "prometheus")).isEqualTo(1.0);
        assertThat(parsed.value("gatewatch_exporter_exports_total", "exporter", "prometheus", "result", "error"))
                .isEqualTo(1.0);
        assertThat(context.health().records("exporter:prometheus"))
                .containsExactly("error: scrape failed: IllegalStateException", "ok: serving scrapes");
    }
}
