package io.gatewatch.exporter.statsd;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LineBufferTest {

    @Test
    void integersIncludingExtremes() {
        assertThat(text(b -> b.putLong(0))).isEqualTo("0");
        assertThat(text(b -> b.putLong(-42))).isEqualTo("-42");
        assertThat(text(b -> b.putLong(Long.MAX_VALUE))).isEqualTo("9223372036854775807");
        assertThat(text(b -> b.putLong(Long.MIN_VALUE))).isEqualTo("-9223372036854775808");
    }

    @Test
    void fixedPointNeverUsesExponentsAndTrimsZeros() {
        assertThat(text(b -> b.putFixed(1_500_000, 9))).isEqualTo("0.0015");
        assertThat(text(b -> b.putFixed(1, 9))).isEqualTo("0.000000001");
        assertThat(text(b -> b.putFixed(3_000_000_000L, 9))).isEqualTo("3");
        assertThat(text(b -> b.putFixed(-2_500_000_000L, 9))).isEqualTo("-2.5");
    }

    @Test
    void doublesWithSixDecimalsAndLargeOnesRounded() {
        assertThat(text(b -> b.putDouble(0.1))).isEqualTo("0.1");
        assertThat(text(b -> b.putDouble(1e-7))).isEqualTo("0");
        assertThat(text(b -> b.putDouble(-3.25))).isEqualTo("-3.25");
        assertThat(text(b -> b.putDouble(123456789.123456))).isEqualTo("123456789.123456");
        assertThat(text(b -> b.putDouble(4.2e15))).isEqualTo("4200000000000000");
    }

    @Test
    void growsAndKeepsItsContent() {
        LineBuffer b = new LineBuffer(16);
        for (int i = 0; i < 1000; i++) {
            b.putLong(i % 10);
        }
        assertThat(b.length()).isEqualTo(1000);
        assertThat(b.toString()).startsWith("0123456789").endsWith("56789");
        b.reset();
        assertThat(b.putAscii("x").toString()).isEqualTo("x");
    }

    private static String text(java.util.function.Consumer<LineBuffer> write) {
        LineBuffer b = new LineBuffer(4);
        write.accept(b);
        return b.toString();
    }
}
