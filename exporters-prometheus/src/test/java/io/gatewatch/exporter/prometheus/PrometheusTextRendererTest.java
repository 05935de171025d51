package io.gatewatch.exporter.prometheus;

import static io.gatewatch.exporter.prometheus.Fixtures.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.gatewatch.api.Unit;
import io.gatewatch.snapshot.Labels;
import io.gatewatch.snapshot.MetricDescriptor;
import io.gatewatch.snapshot.MetricFamily;
import io.gatewatch.snapshot.Snapshot;
import io.prometheus.client.exporter.common.TextFormat;
import java.io.StringWriter;
import java.util.Collections;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PrometheusTextRendererTest {

    private static String render(String prefix, Snapshot snapshot) {
        ExpositionBuffer out = new ExpositionBuffer(16);
        new PrometheusTextRenderer(prefix).render(snapshot, out);
        return out.toString();
    }

    @Test
    void counterWithCommonTagsAndTotalSuffix() {
        String text = render("gateway", snapshot(Labels.pairs("env", "prod"),
                family(REQUESTS, counter(42, "service", "accounts", "route", "get-user", "status", "200"),
                        counter(3, "service", "accounts", "route", "get-user", "status", "503"))));
        assertThat(text).isEqualTo("""
                # HELP gateway_requests_total Requests served
                # TYPE gateway_requests_total counter
                gateway_requests_total{env="prod",service="accounts",route="get-user",status="200"} 42
                gateway_requests_total{env="prod",service="accounts",route="get-user",status="503"} 3
                """);
    }

    @Test
    void histogramIsCumulativeInSecondsWithInfEqualToCount() {
        String text = render("gateway", snapshot(Labels.EMPTY,
                family(DURATION, histogram(3_006_500_000L, new long[] {1, 2, 1, 1}, "service", "a", "route", "r"))));
        assertThat(text).isEqualTo("""
                # HELP gateway_request_duration_seconds Total request latency
                # TYPE gateway_request_duration_seconds histogram
                gateway_request_duration_seconds_bucket{service="a",route="r",le="0.005"} 1
                gateway_request_duration_seconds_bucket{service="a",route="r",le="0.1"} 3
                gateway_request_duration_seconds_bucket{service="a",route="r",le="1.0"} 4
                gateway_request_duration_seconds_bucket{service="a",route="r",le="+Inf"} 5
                gateway_request_duration_seconds_sum{service="a",route="r"} 3.0065
                gateway_request_duration_seconds_count{service="a",route="r"} 5
                """);
    }

    @Test
    void gaugeWithoutLabelsAndUnprefixedSecondsCounter() {
        String text = render("edge", snapshot(Labels.EMPTY,
                family(IN_FLIGHT, gauge(7)), family(CPU, counter(1_250_000_000L)),
                family(RESPONSE_BYTES, counter(2048, "service", "a"))));
        assertThat(text).isEqualTo("""
                # HELP edge_requests_in_flight Requests being served
                # TYPE edge_requests_in_flight gauge
                edge_requests_in_flight 7
                # HELP process_cpu_seconds_total CPU time used by the process
                # TYPE process_cpu_seconds_total counter
                process_cpu_seconds_total 1.25
                # HELP edge_response_bytes_total Bytes sent
                # TYPE edge_response_bytes_total counter
                edge_response_bytes_total{service="a"} 2048
                """);
    }

    @Test
    void gaugeValuesKeepFractionsAndSpecialValues() {
        MetricDescriptor ratio = MetricDescriptor.gauge("ratio", "A ratio", Unit.NONE, "k");
        String text = render("", snapshot(Labels.EMPTY, family(ratio, gauge(0.25, "k", "a"), gauge(-3, "k", "b"),
                gauge(Double.NaN, "k", "c"), gauge(Double.POSITIVE_INFINITY, "k", "d"), gauge(1e20, "k", "e"))));
        assertThat(text).contains("ratio{k=\"a\"} 0.25\n", "ratio{k=\"b\"} -3\n", "ratio{k=\"c\"} NaN\n",
                "ratio{k=\"d\"} +Inf\n", "ratio{k=\"e\"} 1.0E20\n");
        assertThat(Exposition.parse(text).value("ratio", "k", "e")).isEqualTo(1e20);
    }

    @Test
    void hostileLabelValuesAreEscapedAndStayValidUtf8() {
        String hostile = "a\"b\\c\nd} e=\"f\",g é 日本 \uD83D\uDE00 \uD800 tail\\";
        MetricDescriptor d = MetricDescriptor.counter("hostile", "Help with \\ and\nnewline", Unit.NONE, "v");
        String text = render("gw", snapshot(Labels.EMPTY, family(d, counter(1, "v", hostile))));
        assertThat(text).contains("# HELP gw_hostile_total Help with \\\\ and\\nnewline\n");
        assertThat(text).contains("gw_hostile_total{v=\"a\\\"b\\\\c\\nd} e=\\\"f\\\",g é 日本 \uD83D\uDE00 \uFFFD tail\\\\\"} 1\n");
        Exposition parsed = Exposition.parse(text);
        assertThat(parsed.samples).hasSize(1);
        assertThat(parsed.samples.get(0).labels().get("v")).isEqualTo(hostile.replace('\uD800', '\uFFFD'));
    }

    @Test
    void labelNamesAreSanitisedAndSeriesLabelsWinOverCommonTags() {
        MetricDescriptor d = MetricDescriptor.counter("x", "X", Unit.NONE, "route", "my-label");
        String text = render("", snapshot(Labels.pairs("route", "common", "dc.name", "fra"),
                family(d, counter(1, "route", "mine", "my-label", "v"))));
        assertThat(text).contains("x_total{dc_name=\"fra\",route=\"mine\",my_label=\"v\"} 1\n");
        Exposition.parse(text);
    }

    @Test
    void aSecondFamilyUnderTheSameNameIsLeftOutSoTheScrapeStaysValid() {
        MetricDescriptor clash = MetricDescriptor.gauge("requests.in.flight", "Clash", Unit.NONE);
        String text = render("gateway", snapshot(Labels.EMPTY, family(IN_FLIGHT, gauge(1)), family(clash, gauge(2))));
        assertThat(Exposition.parse(text).byKey()).containsExactly(Map.entry("gateway_requests_in_flight{}", 1.0));
    }

    @Test
    void changedCommonTagsAreNotServedFromTheCache() {
        PrometheusTextRenderer renderer = new PrometheusTextRenderer("gateway");
        ExpositionBuffer out = new ExpositionBuffer();
        renderer.render(snapshot(Labels.pairs("env", "a"), family(IN_FLIGHT, gauge(1))), out);
        assertThat(out.toString()).contains("{env=\"a\"} 1");
        renderer.render(snapshot(Labels.pairs("env", "b"), family(IN_FLIGHT, gauge(1))), out);
        assertThat(out.toString()).contains("{env=\"b\"} 1").doesNotContain("env=\"a\"");
    }

    @Test
    void sameSeriesAndValuesAsSimpleclientsOwnTextFormat() throws Exception {
        Snapshot snapshot = Fixtures.largeHistogramSnapshot(200);
        snapshot = new Snapshot(snapshot.timestampMillis(), "n1", snapshot.commonTags(),
                java.util.stream.Stream.concat(snapshot.families().stream(), java.util.stream.Stream.of(
                        family(REQUESTS, counter(5, "service", "s", "route", "r", "status", "200")),
                        family(CPU, counter(987_654_321L)), family(IN_FLIGHT, gauge(3.5)))).toList());
        String ours = render("gateway", snapshot);
        StringWriter theirs = new StringWriter();
        TextFormat.write004(theirs, Collections.enumeration(GatewatchCollector.convert(snapshot, "gateway")));

        Exposition a = Exposition.parse(ours);
        Exposition b = Exposition.parse(theirs.toString());
        assertThat(a.types).isEqualTo(b.types);
        Map<String, Double> expected = b.byKey();
        assertThat(a.byKey()).hasSameSizeAs(expected);
        a.byKey().forEach((key, value) -> assertThat(value).as(key).isCloseTo(expected.get(key), within(1e-9)));
    }

    @Test
    void bufferIsReusedAndGrowsOnlyWhenNeeded() {
        PrometheusTextRenderer renderer = new PrometheusTextRenderer("gateway");
        ExpositionBuffer out = new ExpositionBuffer(16);
        Snapshot big = Fixtures.largeHistogramSnapshot(100);
        renderer.render(big, out);
        int capacity = out.capacity();
        String first = out.toString();
        renderer.render(big, out);
        assertThat(out.capacity()).isEqualTo(capacity);
        assertThat(out.toString()).isEqualTo(first);
        renderer.render(snapshot(Labels.EMPTY, new MetricFamily(IN_FLIGHT, java.util.List.of(gauge(1)))), out);
        assertThat(out.toString()).startsWith("# HELP gateway_requests_in_flight").endsWith(" 1\n");
    }
}
