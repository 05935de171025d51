package io.gatewatch.spi.support;

import static org.assertj.core.api.Assertions.assertThat;

import io.gatewatch.api.Unit;
import io.gatewatch.internal.store.MetricStore;
import io.gatewatch.internal.store.StoreSettings;
import io.gatewatch.snapshot.Labels;
import io.gatewatch.snapshot.MetricDescriptor;
import io.gatewatch.snapshot.MetricFamily;
import io.gatewatch.snapshot.Snapshot;
import org.junit.jupiter.api.Test;

class MetricNamesTest {
    private static final MetricDescriptor DURATION = MetricDescriptor.histogram("request.duration", "Time",
            Unit.SECONDS, new long[] {1_000_000L, 10_000_000L}, "route");
    private static final MetricDescriptor REQUESTS = MetricDescriptor.counter("requests", "Requests", Unit.NONE, "route");
    private static final MetricDescriptor BYTES = MetricDescriptor.counter("response.bytes", "Bytes", Unit.BYTES);

    @Test
    void dottedKeepsTheCanonicalNameBehindThePrefixAndAddsNoUnit() {
        assertThat(MetricNames.dotted(DURATION, "gateway")).isEqualTo("gateway.request.duration");
        assertThat(MetricNames.dotted(REQUESTS, "gateway")).isEqualTo("gateway.requests");
        assertThat(MetricNames.dotted(REQUESTS, "")).isEqualTo("requests");
        assertThat(MetricNames.dotted(MetricDescriptor.gauge("queue depth/now", "q", Unit.NONE), "gw"))
                .isEqualTo("gw.queue_depth_now");
    }

    @Test
    void underscoreAddsTheBaseUnitAndTotalOnCountersOnce() {
        assertThat(MetricNames.underscore(DURATION, "gateway")).isEqualTo("gateway_request_duration_seconds");
        assertThat(MetricNames.underscore(REQUESTS, "gateway")).isEqualTo("gateway_requests_total");
        assertThat(MetricNames.underscore(BYTES, "gateway")).isEqualTo("gateway_response_bytes_total");
        assertThat(MetricNames.underscore(MetricDescriptor.counter("jobs.total", "j", Unit.NONE), ""))
                .isEqualTo("jobs_total");
        assertThat(MetricNames.underscore(MetricDescriptor.gauge("9lives", "n", Unit.NONE), "")).isEqualTo("_9lives");
    }

    @Test
    void gatewatchsOwnMetricsNeverTakeThePrefix() {
        MetricStore store = new MetricStore(StoreSettings.defaults("node-1").withJvmMetrics(false));
        store.selfMetrics().counter("gatewatch.exporter.errors", "Errors", "exporter").labels("x").increment();
        MetricDescriptor own = store.snapshot(0, java.util.List.of()).family("gatewatch.exporter.errors").descriptor();
        assertThat(own.prefixed()).isFalse();
        assertThat(MetricNames.dotted(own, "gateway")).isEqualTo("gatewatch.exporter.errors");
        assertThat(MetricNames.underscore(own, "gateway")).isEqualTo("gatewatch_exporter_errors_total");
    }

    @Test
    void labelsBecomeTagsOrLabelNames() {
        assertThat(MetricNames.tags(Labels.pairs("route", "get-user", "status", "200")))
                .containsExactly("route:get-user", "status:200");
        assertThat(MetricNames.tags(Labels.pairs("odd key", "a,b|c"))).containsExactly("odd_key:a_b_c");
        assertThat(MetricNames.labelName("upstream.host")).isEqualTo("upstream_host");
        assertThat(MetricNames.labelName("")).isEqualTo("_");
        assertThat(MetricNames.labelName("__name__")).as("reserved in the underscore convention").isEqualTo("x__name__");
        assertThat(MetricNames.labelName("9th")).isEqualTo("_9th");
    }

    @Test
    void valuesInBaseUnitsWhateverThePointsKind() {
        MetricStore store = new MetricStore(StoreSettings.defaults("node-1").withJvmMetrics(false));
        store.gatewayMetrics().route("accounts", "get-user").record(io.gatewatch.api.HttpMethod.GET, 200,
                io.gatewatch.api.ResponseSource.UPSTREAM, 2_500_000L, 2_000_000L, 10, 20);
        Snapshot snapshot = store.snapshot(0, java.util.List.of());
        MetricFamily duration = snapshot.family("request.duration");
        io.gatewatch.snapshot.HistogramPoint point = (io.gatewatch.snapshot.HistogramPoint) duration.points().get(0);
        assertThat(point.sum()).as("raw: nanoseconds").isEqualTo(2_500_000L);
        assertThat(duration.baseSum(point)).as("base: seconds").isEqualTo(0.0025);
        assertThat(duration.baseBound(0)).isEqualTo(0.001);
        assertThat(duration.baseBound(duration.descriptor().bucketBounds().length)).isEqualTo(Double.POSITIVE_INFINITY);
        MetricFamily requests = snapshot.family("requests");
        assertThat(requests.baseValue(requests.points().get(0))).isEqualTo(1.0);
    }
}
