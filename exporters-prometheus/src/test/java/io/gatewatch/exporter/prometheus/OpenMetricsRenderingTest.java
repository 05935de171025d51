package io.gatewatch.exporter.prometheus;

import static io.gatewatch.exporter.prometheus.Fixtures.*;
import static org.assertj.core.api.Assertions.assertThat;

import io.gatewatch.snapshot.Exemplar;
import io.gatewatch.snapshot.HistogramPoint;
import io.gatewatch.snapshot.Labels;
import io.gatewatch.snapshot.Snapshot;
import io.prometheus.client.exporter.common.TextFormat;
import java.io.IOException;
import java.io.StringWriter;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * gatewatch writes OpenMetrics itself; simpleclient's writer over the same snapshot converted to
 * its model is the reference. The two must agree line for line: headers and series exactly, values
 * and exemplar values as numbers (simpleclient writes {@code 3.0} where gatewatch writes {@code 3}).
 */
class OpenMetricsRenderingTest {
    private static Snapshot everyKind() {
        Exemplar slow = new Exemplar(0x4bf92f3577b34da6L, 0xa3ce929d0e0e4736L, 0x00f067aa0ba902b7L, 42_000_000L,
                1_700_000_000_123L);
        Exemplar fast = new Exemplar(1L, 2L, 3L, 1_500_000L, 1_700_000_001_005L);
        HistogramPoint withExemplars = new HistogramPoint(Labels.pairs("service", "a", "route", "r"),
                new long[] {1, 2, 1, 1}, 5, 3_006_500_000L, 1, 3_000_000_000L, new Exemplar[] {fast, slow, null, null});
        return snapshot(Labels.pairs("env", "prod", "route", "shadowed"),
                family(REQUESTS, counter(7, "service", "a", "route", "r", "status", "200"),
                        counter(0, "service", "we\"ird\\ \n name", "route", "ünïcødé", "status", "500")),
                family(DURATION, withExemplars, histogram(0, new long[] {0, 0, 0, 0}, "service", "b", "route", "q")),
                family(IN_FLIGHT, gauge(-2.5)),
                family(RESPONSE_BYTES, counter(123_456_789_012L, "service", "a")),
                family(CPU, counter(1_500_000_000L)));
    }

    @Test
    void agreesWithSimpleclientsWriterLineForLine() throws IOException {
        Snapshot snapshot = everyKind();
        ExpositionBuffer ours = new ExpositionBuffer();
        new PrometheusTextRenderer("gateway").renderOpenMetrics(snapshot, ours);
        StringWriter reference = new StringWriter();
        TextFormat.writeOpenMetrics100(reference, Collections.enumeration(GatewatchCollector.convert(snapshot, "gateway")));

        List<String> got = ours.toString().lines().toList();
        List<String> want = reference.toString().lines().toList();
        assertThat(got.get(got.size() - 1)).isEqualTo("# EOF");
        assertThat(got).anyMatch(l -> l.startsWith("# UNIT gateway_request_duration_seconds seconds"));
        assertThat(got).filteredOn(l -> l.contains(" # {")).hasSize(2);
        // headers and families in the same order; within a histogram, _sum and _count may swap places
        assertThat(got.stream().filter(l -> l.startsWith("#")).toList())
                .isEqualTo(want.stream().filter(l -> l.startsWith("#")).toList());
        Map<String, String> gotSamples = samplesByFamilyAndSeries(got);
        Map<String, String> wantSamples = samplesByFamilyAndSeries(want);
        assertThat(gotSamples.keySet()).isEqualTo(wantSamples.keySet());
        wantSamples.forEach((series, line) -> assertSameLine(gotSamples.get(series), line));
    }

    /** Each sample line keyed by the TYPE line above it and its series (name and labels). */
    private static Map<String, String> samplesByFamilyAndSeries(List<String> lines) {
        Map<String, String> out = new LinkedHashMap<>();
        String family = "";
        for (String line : lines) {
            if (line.startsWith("# TYPE ")) {
                family = line;
            } else if (!line.startsWith("#")) {
                assertThat(out.put(family + " / " + split(line)[0], line)).as("repeated series %s", line).isNull();
            }
        }
        return out;
    }

    private static void assertSameLine(String got, String want) {
        if (want.startsWith("#")) {
            assertThat(got).isEqualTo(want);
            return;
        }
        String[] g = split(got);
        String[] w = split(want);
        assertThat(g[0]).as("series of %s", want).isEqualTo(w[0]);
        assertThat(Double.parseDouble(g[1])).as("value of %s", want).isEqualTo(Double.parseDouble(w[1]));
        if (w[2] == null) {
            assertThat(g[2]).as("no exemplar on %s", got).isNull();
            return;
        }
        assertThat(g[2]).as("exemplar labels of %s", want).isEqualTo(w[2]);
        assertThat(Double.parseDouble(g[3])).as("exemplar value of %s", want).isEqualTo(Double.parseDouble(w[3]));
        assertThat(g[4]).as("exemplar time of %s", want).isEqualTo(w[4]);
    }

    /** series, value, and when there is an exemplar its labels, value and timestamp. */
    private static String[] split(String line) {
        String sample = line;
        String exemplar = null;
        int hash = line.indexOf(" # {");
        if (hash >= 0) {
            sample = line.substring(0, hash);
            exemplar = line.substring(hash + 3);
        }
        int space = sample.lastIndexOf(' ');
        String[] out = new String[5];
        out[0] = sample.substring(0, space);
        out[1] = sample.substring(space + 1);
        if (exemplar != null) {
            int close = exemplar.indexOf("} ");
            String[] rest = exemplar.substring(close + 2).split(" ");
            out[2] = exemplar.substring(0, close + 1);
            out[3] = rest[0];
            out[4] = rest[1];
        }
        return out;
    }
}
