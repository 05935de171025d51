package io.gatewatch.exporter.prometheus;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ExpositionBufferTest {

    private static String nanos(long n) {
        ExpositionBuffer b = new ExpositionBuffer(1);
        b.putNanosAsSeconds(n);
        return b.toString();
    }

    @Test
    void nanosecondsBecomeExactDecimalSeconds() {
        assertThat(nanos(0)).isEqualTo("0");
        assertThat(nanos(1)).isEqualTo("0.000000001");
        assertThat(nanos(1_500_000)).isEqualTo("0.0015");
        assertThat(nanos(30_000_000_000L)).isEqualTo("30");
        assertThat(nanos(-2_250_000_000L)).isEqualTo("-2.25");
        assertThat(nanos(Long.MAX_VALUE)).isEqualTo("9223372036.854775807");
        assertThat(nanos(Long.MIN_VALUE)).isEqualTo("-9223372036.854775808");
    }

    @Test
    void longsAndDoubles() {
        ExpositionBuffer b = new ExpositionBuffer(1);
        b.putLong(0);
        b.put((byte) ' ');
        b.putLong(-42);
        b.put((byte) ' ');
        b.putLong(Long.MIN_VALUE);
        b.put((byte) ' ');
        b.putDouble(2.0);
        b.put((byte) ' ');
        b.putDouble(-0.5);
        b.put((byte) ' ');
        b.putDouble(Double.NEGATIVE_INFINITY);
        assertThat(b.toString()).isEqualTo("0 -42 -9223372036854775808 2 -0.5 -Inf");
    }

    @Test
    void writerKeepsSurrogatePairsWholeAcrossChunks() throws Exception {
        ExpositionBuffer b = new ExpositionBuffer(1);
        BufferWriter w = new BufferWriter(b);
        String pad = "a".repeat(8191);
        w.write(pad);
        w.write('\uD83D'); // the chunk fills between the two halves of the pair
        w.write('\uDE00');
        w.write("é\n");
        w.flush();
        assertThat(b.toString()).isEqualTo(pad + "\uD83D\uDE00é\n");
        assertThat(b.toByteArray()).isEqualTo((pad + "\uD83D\uDE00é\n").getBytes(StandardCharsets.UTF_8));
    }
}
