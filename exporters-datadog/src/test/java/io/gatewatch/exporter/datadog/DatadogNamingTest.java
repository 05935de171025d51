package io.gatewatch.exporter.datadog;

import static org.assertj.core.api.Assertions.assertThat;

import io.gatewatch.api.Unit;
import io.gatewatch.snapshot.MetricDescriptor;
import org.junit.jupiter.api.Test;

class DatadogNamingTest {

    @Test
    void metricNamesAreDottedAndKeepOnlyWhatDatadogAllows() {
        assertThat(DatadogNaming.metricName(gauge("request.duration"), "gateway")).isEqualTo("gateway.request.duration");
        assertThat(DatadogNaming.metricName(gauge("jvm.memory.used"), "")).isEqualTo("jvm.memory.used");
        assertThat(DatadogNaming.metricName(gauge("cache hits/sec"), "gateway")).isEqualTo("gateway.cache_hits_sec");
        assertThat(DatadogNaming.metricName(gauge("2xx.count"), "")).isEqualTo("m.2xx.count");
        assertThat(DatadogNaming.metricName(gauge(""), "")).isEqualTo("m.");
        assertThat(DatadogNaming.metricName(gauge("größe"), "")).isEqualTo("gr__e");
        assertThat(DatadogNaming.metricName(gauge("a".repeat(300)), "")).hasSize(200);
        assertThat(DatadogNaming.metricName(gauge("upstream-latency.p99"), "gateway"))
                .as("MetricNames keeps '-', Datadog does not").isEqualTo("gateway.upstream_latency.p99");
        assertThat(DatadogNaming.metricName(MetricDescriptor.counter("gatewatch.exporter.errors", "e", Unit.NONE)
                .unprefixed(), "gateway")).as("gatewatch's own metrics take no prefix").isEqualTo("gatewatch.exporter.errors");
    }

    private static MetricDescriptor gauge(String name) {
        return MetricDescriptor.gauge(name, "help", Unit.NONE);
    }

    @Test
    void tagsAreLowerCaseKeyValueWithDatadogsCharacterRules() {
        assertThat(DatadogNaming.tag("route", "/users/{id}")).isEqualTo("route:/users/_id");
        assertThat(DatadogNaming.tag("method", "GET")).isEqualTo("method:get");
        assertThat(DatadogNaming.tag("consumer", "a  b!!c")).isEqualTo("consumer:a_b_c");
        assertThat(DatadogNaming.tag("region", "eu-west-1")).isEqualTo("region:eu-west-1");
        assertThat(DatadogNaming.tag("city", "Zürich")).isEqualTo("city:zürich");
        assertThat(DatadogNaming.tag("9lives", "x")).isEqualTo("t_9lives:x");
        assertThat(DatadogNaming.tag("k", "v".repeat(300))).hasSize(200);
    }
}
