package io.gatewatch.exporter.datadog;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DatadogNamingTest {

    @Test
    void metricNamesAreDottedAndKeepOnlyWhatDatadogAllows() {
        assertThat(DatadogNaming.metricName("gateway", "request.duration")).isEqualTo("gateway.request.duration");
        assertThat(DatadogNaming.metricName("", "jvm.memory.used")).isEqualTo("jvm.memory.used");
        assertThat(DatadogNaming.metricName("gateway", "cache hits/sec")).isEqualTo("gateway.cache_hits_sec");
        assertThat(DatadogNaming.metricName("", "2xx.count")).isEqualTo("m.2xx.count");
        assertThat(DatadogNaming.metricName("", "größe")).isEqualTo("gr__e");
        assertThat(DatadogNaming.metricName("", "a".repeat(300))).hasSize(200);
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
