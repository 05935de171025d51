package io.gatewatch.api.adapter;

import static org.assertj.core.api.Assertions.assertThat;

import io.gatewatch.api.TraceContext;
import org.junit.jupiter.api.Test;

class SampledTraceParentTest {
    private static final String SAMPLED = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

    @Test
    void a_sampled_header_becomes_its_trace_context() {
        TraceContext trace = SampledTraceParent.parse(SAMPLED);

        assertThat(trace).isNotNull();
        assertThat(trace.traceparent()).isEqualTo(SAMPLED);
        assertThat(trace.sampled()).isTrue();
    }

    @Test
    void every_odd_flag_digit_is_sampled() {
        for (String flags : new String[] {"03", "05", "0b", "0f", "ff"}) {
            String header = SAMPLED.substring(0, 53) + flags;
            assertThat(SampledTraceParent.parse(header)).as(flags).isNotNull();
        }
    }

    @Test
    void an_unsampled_absent_or_malformed_header_gives_none() {
        assertThat(SampledTraceParent.parse(SAMPLED.substring(0, 53) + "00")).isNull();
        assertThat(SampledTraceParent.parse(SAMPLED.substring(0, 53) + "0e")).isNull();
        assertThat(SampledTraceParent.parse(SAMPLED.substring(0, 53) + "0B")).isNull();   // upper case is not hex here
        assertThat(SampledTraceParent.parse(SAMPLED.substring(0, 54))).isNull();
        assertThat(SampledTraceParent.parse(null)).isNull();
        assertThat(SampledTraceParent.parse("00-00000000000000000000000000000000-00f067aa0ba902b7-01")).isNull();
    }
}
