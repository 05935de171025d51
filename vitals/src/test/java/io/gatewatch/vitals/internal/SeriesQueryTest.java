package io.gatewatch.vitals.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SeriesQueryTest {
    private static final long NOW = 1_795_000_000_500L;

    private static Map<String, List<String>> params(String... pairs) {
        Map<String, List<String>> m = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            m.computeIfAbsent(pairs[i], k -> new java.util.ArrayList<>()).add(pairs[i + 1]);
        }
        return m;
    }

    private static SeriesQuery parse(String... pairs) throws SeriesQuery.BadRequest {
        return SeriesQuery.parse(params(pairs), NOW, 3600, 1500);
    }

    @Test
    void defaultsToTheLastFiveMinutesAtOneSecond() throws Exception {
        SeriesQuery q = parse("metric", "requests");
        assertThat(q.resolution()).isEqualTo(Resolution.FINE);
        assertThat(q.to()).isEqualTo(NOW);
        assertThat(q.from()).isEqualTo(NOW - 300_000);
        assertThat(q.firstStart()).isEqualTo(1_794_999_701_000L);
        assertThat(q.points()).isEqualTo(300);
        assertThat(q.metrics()).containsExactly(Metric.REQUESTS);
    }

    @Test
    void periodsStartInsideTheRangeOnWholeSteps() throws Exception {
        SeriesQuery q = parse("metric", "latency,requests,latency", "resolution", "1m",
                "from", "1795000000000", "to", "1795000180000");
        assertThat(q.metrics()).containsExactly(Metric.LATENCY, Metric.REQUESTS);
        assertThat(q.firstStart()).isEqualTo(1_795_000_020_000L);
        assertThat(q.points()).isEqualTo(3);
    }

    @Test
    void everyDocumentedMetricIsKnown() {
        assertThat(Metric.labels()).contains("requests", "status_classes", "latency", "upstream_latency",
                "gateway_latency", "bytes", "auth_failures", "cache_hit_ratio", "connections", "top_routes",
                "top_consumers");
    }

    @Test
    void badParametersAreRefusedWithTheReason() {
        assertThatThrownBy(() -> parse()).hasMessageStartingWith("metric is required");
        assertThatThrownBy(() -> parse("metric", "latncy"))
                .hasMessageStartingWith("unknown metric 'latncy'; known: requests, status_classes");
        assertThatThrownBy(() -> parse("metric", "requests", "resolution", "5s"))
                .hasMessage("resolution must be 1s or 1m, got '5s'");
        assertThatThrownBy(() -> parse("metric", "requests", "from", "yesterday"))
                .hasMessage("from must be UTC epoch milliseconds (an integer), got 'yesterday'");
        assertThatThrownBy(() -> parse("metric", "requests", "to", "-5"))
                .hasMessageContaining("to must be epoch milliseconds between 0 and year 9999");
        assertThatThrownBy(() -> parse("metric", "requests", "from", "2000", "to", "1000"))
                .hasMessage("from (2000) must not be after to (1000)");
        assertThatThrownBy(() -> parse("metric", "requests", "from", "0", "to", "3600000"))
                .hasMessageContaining("spans 3601 points at 1s; at most 3600");
        assertThatThrownBy(() -> parse("metric", "requests", "metrc", "x"))
                .hasMessageStartingWith("unknown parameter 'metrc'");
        assertThatThrownBy(() -> parse("metric", "requests", "metric", "bytes"))
                .hasMessage("parameter 'metric' given more than once");
    }

    @Test
    void aFullRetentionFitsInOneRequest() throws Exception {
        assertThat(parse("metric", "requests", "from", "1", "to", "3600000").points()).isEqualTo(3600);
        assertThat(parse("metric", "requests", "resolution", "1m", "from", "1", "to", "90000000").points())
                .isEqualTo(1500);
    }
}
