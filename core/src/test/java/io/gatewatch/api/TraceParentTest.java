package io.gatewatch.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class TraceParentTest {
    private static final String VALID = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

    @Test
    void validHeaderGivesIdsAndSampledFlag() {
        TraceContext t = TraceParent.parse(VALID);
        assertThat(t).isNotNull();
        assertThat(t.traceIdHigh()).isEqualTo(0x4bf92f3577b34da6L);
        assertThat(t.traceIdLow()).isEqualTo(0xa3ce929d0e0e4736L);
        assertThat(t.spanId()).isEqualTo(0x00f067aa0ba902b7L);
        assertThat(t.sampled()).isTrue();
        assertThat(t.traceId()).isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
        assertThat(t.spanIdHex()).isEqualTo("00f067aa0ba902b7");
        assertThat(t.traceparent()).isEqualTo(VALID);
    }

    @Test
    void unsampledFlagAndOtherFlagBitsAreRead() {
        assertThat(TraceParent.parse("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-00").sampled()).isFalse();
        assertThat(TraceParent.parse("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-03").sampled()).isTrue();
        assertThat(TraceParent.parse("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-02").sampled()).isFalse();
    }

    @Test
    void idsWithTheHighBitSetRoundTrip() {
        String header = "00-ffffffffffffffff8000000000000001-8000000000000000-01";
        TraceContext t = TraceParent.parse(header);
        assertThat(t.traceIdHigh()).isEqualTo(-1L);
        assertThat(t.traceIdLow()).isEqualTo(Long.MIN_VALUE + 1);
        assertThat(t.traceparent()).isEqualTo(header);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "",
        "garbage",
        "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7",           // no flags
        "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-extra",  // version 00 must end after flags
        "00-4bf92f3577b34da6a3ce929d0e0e473-600f067aa0ba902b7-01",        // trace id one digit short
        "00-4bf92f3577b34da6a3ce929d0e0e47366-0f067aa0ba902b7-01",        // trace id one digit long
        "00_4bf92f3577b34da6a3ce929d0e0e4736_00f067aa0ba902b7_01",        // wrong separators
        "00-4bf92f3577b34da6a3ce929d0e0e473g-00f067aa0ba902b7-01",        // non-hex in trace id
        "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba9z2b7-01",        // non-hex in span id
        "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-0x",        // non-hex flags
        "0x-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",        // non-hex version
        "00-00000000000000000000000000000000-00f067aa0ba902b7-01",        // all-zero trace id
        "00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01",        // all-zero span id
        "ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",        // version ff is forbidden
        "00-4BF92F3577B34DA6A3CE929D0E0E4736-00F067AA0BA902B7-01",        // upper-case hex is invalid
        "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-0A",        // upper-case flags
        "01-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01x",       // future version: extra data needs a dash
        " 00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",       // leading space
    })
    void malformedHeadersAreRejected(String header) {
        assertThat(TraceParent.parse(header)).isNull();
    }

    @Test
    void absentHeaderIsRejected() {
        assertThat(TraceParent.parse(null)).isNull();
    }

    @Test
    void futureVersionIsReadByItsFirstFieldsAndMayCarryMore() {
        TraceContext exact = TraceParent.parse("cc-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");
        TraceContext more = TraceParent.parse("cc-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-what-the-future-holds");
        assertThat(exact).isNotNull();
        assertThat(more).isEqualTo(exact);
        assertThat(more.traceId()).isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
        // forwarded in the version this gateway speaks
        assertThat(more.traceparent()).startsWith("00-");
    }

    @Test
    void continuingKeepsTraceIdAndFlagWithANewSpan() {
        TraceContext parent = TraceParent.parse(VALID);
        TraceContext gateway = TraceParent.continueOrStart(VALID, false);
        assertThat(gateway.traceId()).isEqualTo(parent.traceId());
        assertThat(gateway.sampled()).isTrue();
        assertThat(gateway.spanId()).isNotEqualTo(parent.spanId()).isNotZero();
        assertThat(TraceParent.parse(gateway.traceparent())).isEqualTo(gateway);
    }

    @Test
    void malformedOrAbsentHeaderStartsANewTraceThatEchoesNothing() {
        String hostile = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01\n{\"admin\":true}";
        TraceContext fresh = TraceParent.continueOrStart(hostile, true);
        assertThat(fresh.traceId()).isNotEqualTo("4bf92f3577b34da6a3ce929d0e0e4736").matches("[0-9a-f]{32}");
        assertThat(fresh.traceparent()).matches("00-[0-9a-f]{32}-[0-9a-f]{16}-01");
        assertThat(TraceParent.continueOrStart(null, false).sampled()).isFalse();
        assertThat(TraceParent.continueOrStart(null, true).traceId())
                .isNotEqualTo(TraceParent.continueOrStart(null, true).traceId());
    }

    @Test
    void allZeroIdsCannotBeBuilt() {
        assertThatThrownBy(() -> TraceContext.of(0, 0, 1, true)).hasMessageContaining("trace id");
        assertThatThrownBy(() -> TraceContext.of(0, 1, 0, true)).hasMessageContaining("span id");
    }
}
