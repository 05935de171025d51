package io.gatewatch.exporter.datadog;

import static org.assertj.core.api.Assertions.assertThat;

import com.datadog.api.client.v2.model.MetricIntakeType;
import com.datadog.api.client.v2.model.MetricSeries;
import io.gatewatch.api.Unit;
import io.gatewatch.snapshot.GaugePoint;
import io.gatewatch.snapshot.HistogramPoint;
import io.gatewatch.snapshot.Labels;
import io.gatewatch.snapshot.MetricDescriptor;
import io.gatewatch.snapshot.MetricFamily;
import io.gatewatch.snapshot.Snapshot;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SeriesMapperTest {
    private final SeriesMapper mapper = new SeriesMapper("gateway", Map.of("team", "edge", "env", "staging"), null);

    private static MetricSeries only(List<MetricSeries> series, String name) {
        return series.stream().filter(s -> s.getMetric().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void unprefixedFamiliesKeepTheirNameAndTheNodeIsTheHostByDefault() {
        Snapshot s = new Snapshot(1_800_000_000_500L, "node-9", Labels.pairs("env", "prod"), List.of(new MetricFamily(
                MetricDescriptor.gauge("jvm.memory.used", "Used", Unit.BYTES, "area").unprefixed(),
                List.of(new GaugePoint(Labels.pairs("area", "heap"), 1024), new GaugePoint(Labels.pairs("area", "nonheap"), Double.NaN)))));
        List<MetricSeries> series = mapper.map(s, 10);

        assertThat(series).hasSize(1);   // NaN cannot travel as JSON: skipped
        MetricSeries heap = series.get(0);
        assertThat(heap.getMetric()).isEqualTo("jvm.memory.used");
        assertThat(heap.getType()).isEqualTo(MetricIntakeType.GAUGE);
        assertThat(heap.getInterval()).isNull();
        assertThat(heap.getUnit()).isEqualTo("byte");
        // configured tags override common tags, labels override both
        assertThat(heap.getTags()).containsExactly("env:staging", "team:edge", "area:heap");
        assertThat(heap.getResources().get(0).getName()).isEqualTo("node-9");
        assertThat(heap.getPoints().get(0).getTimestamp()).isEqualTo(1_800_000_000L);
    }

    @Test
    void anIdleHistogramSendsZeroCountsAndNoEstimates() {
        MetricDescriptor d = MetricDescriptor.histogram("request.duration", "Latency", Unit.SECONDS, Traffic.BOUNDS, "route");
        Snapshot s = new Snapshot(1_800_000_000_000L, "n", Labels.EMPTY, List.of(new MetricFamily(d,
                List.of(new HistogramPoint(Labels.pairs("route", "r"), new long[Traffic.BOUNDS.length + 1], 0, 0, 0, 0)))));
        List<MetricSeries> series = mapper.map(s, 10);

        assertThat(series).extracting(MetricSeries::getMetric)
                .containsExactly("gateway.request.duration.count", "gateway.request.duration.sum");
        assertThat(only(series, "gateway.request.duration.count").getPoints().get(0).getValue()).isZero();
        assertThat(only(series, "gateway.request.duration.sum").getInterval()).isEqualTo(10L);
    }
}
