package io.gatewatch.exporter.statsd;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class DatagramPackerTest {
    private final ScriptedTransport transport = new ScriptedTransport();

    @Test
    void linesFillADatagramExactlyToTheLimitAndAreNeverSplit() {
        // 10-byte lines: four of them plus three newlines are 43 bytes
        DatagramPacker packer = new DatagramPacker(transport, 43, 100);
        packer.begin(0);
        for (int i = 0; i < 9; i++) {
            add(packer, i, String.format("m%d:12345|c", i));
        }
        packer.finish();
        assertThat(transport.sizes).containsExactly(43, 43, 10);
        assertThat(transport.received.get(0)).isEqualTo("m0:12345|c\nm1:12345|c\nm2:12345|c\nm3:12345|c");
        assertThat(transport.lines()).hasSize(9).allMatch(l -> l.matches("m\\d:12345\\|c"));
        assertThat(packer.datagrams()).isEqualTo(3);
        assertThat(packer.lines()).isEqualTo(9);
        assertThat(packer.bytes()).isEqualTo(96);
        assertThat(packer.undeliveredFrom()).isEqualTo(Integer.MAX_VALUE);
    }

    @Test
    void oneByteOverTheLimitStartsANewDatagram() {
        DatagramPacker packer = new DatagramPacker(transport, 42, 100);
        packer.begin(0);
        for (int i = 0; i < 4; i++) {
            add(packer, i, String.format("m%d:12345|c", i));
        }
        packer.finish();
        assertThat(transport.sizes).containsExactly(32, 10);
    }

    @Test
    void aSeriesStaysInOneDatagramWhenItFits() {
        DatagramPacker packer = new DatagramPacker(transport, 25, 100);
        packer.begin(0);
        add(packer, 0, "a:1|c");
        add(packer, 1, "b.count:1|c\nb.sum:2|c");   // 21 bytes: does not fit after "a:1|c\n"
        packer.finish();
        assertThat(transport.received).containsExactly("a:1|c", "b.count:1|c\nb.sum:2|c");
    }

    @Test
    void aSeriesLargerThanADatagramGoesLineByLineAndAnOversizedLineIsDroppedAndCounted() {
        DatagramPacker packer = new DatagramPacker(transport, 12, 100);
        packer.begin(0);
        add(packer, 0, "a:1|c\nthis-line-is-too-long:1|c\nb:2|c");
        packer.finish();
        assertThat(transport.received).containsExactly("a:1|c\nb:2|c");
        assertThat(packer.oversizeLines()).isEqualTo(1);
        assertThat(packer.lines()).isEqualTo(2);
    }

    @Test
    void theDatagramLimitStopsTheFlushAndKeepsTheRestForLater() {
        DatagramPacker packer = new DatagramPacker(transport, 10, 2);
        packer.begin(0);
        List<Boolean> accepted = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            accepted.add(add(packer, i, "m" + i + ":1|c"));
        }
        packer.finish();
        assertThat(transport.received).containsExactly("m0:1|c", "m1:1|c");
        // m2 is packed, but the limit is reached when its datagram would go out
        assertThat(accepted).containsExactly(true, true, true, false, false);
        assertThat(packer.queueFull()).isTrue();
        assertThat(packer.undeliveredFrom()).isEqualTo(2);
        assertThat(packer.failure()).isNull();
    }

    @Test
    void aRefusalReportedByTheNextSendBlamesThePreviousDatagram() {
        DatagramPacker packer = new DatagramPacker(transport, 10, 100);
        packer.begin(0);
        add(packer, 0, "m0:1|c");
        add(packer, 1, "m1:1|c");   // sends m0
        transport.peerUp = false;
        add(packer, 2, "m2:1|c");   // sends m1: accepted, then refused
        add(packer, 3, "m3:1|c");   // sending m2 reports the refusal of m1
        assertThat(transport.received).containsExactly("m0:1|c");
        assertThat(packer.undeliveredFrom()).isEqualTo(1);
        assertThat(packer.failure()).isInstanceOf(java.net.PortUnreachableException.class);
        assertThat(packer.datagrams()).isEqualTo(1);
        assertThat(packer.lines()).isEqualTo(1);
    }

    @Test
    void aRefusalOfTheLastDatagramIsFoundByTheCheckAfterTheFlush() {
        DatagramPacker packer = new DatagramPacker(transport, 100, 100);
        transport.peerUp = false;
        packer.begin(0);
        add(packer, 0, "m0:1|c");
        packer.finish();
        assertThat(packer.undeliveredFrom()).isZero();
        assertThat(packer.datagrams()).isZero();
        assertThat(packer.failure()).isNotNull();
    }

    @Test
    void aRefusalThatArrivesAfterTheFlushEndedIsCountedAsLostLines() {
        DatagramPacker packer = new DatagramPacker(transport, 100, 100);
        packer.begin(0);
        add(packer, 0, "m0:1|c\nm0.sum:1|c");
        packer.finish();
        transport.refuseLastLate();
        packer.begin(0);
        assertThat(packer.refusedAfterCommit()).isEqualTo(2);
        assertThat(packer.lateRefusal()).isNotNull();
        add(packer, 0, "m1:1|c");
        packer.finish();
        assertThat(packer.failure()).isNull();
        assertThat(transport.received).containsExactly("m1:1|c");
    }

    @Test
    void anImmediateErrorBlamesOnlyTheDatagramThatFailed() {
        DatagramPacker packer = new DatagramPacker(transport, 10, 100);
        packer.begin(0);
        add(packer, 0, "m0:1|c");
        add(packer, 1, "m1:1|c");
        transport.failWith = new IOException("no route");
        add(packer, 2, "m2:1|c");
        assertThat(packer.undeliveredFrom()).isEqualTo(1);
        assertThat(packer.datagrams()).isEqualTo(1);
    }

    @Test
    void burstsOfSixteenDatagramsArePacedWithinTheBudget() {
        DatagramPacker packer = new DatagramPacker(transport, 10, 1000);
        packer.begin(3 * DatagramPacker.PAUSE_NANOS);
        for (int i = 0; i < 100; i++) {
            add(packer, i, "m" + (i % 10) + ":1|c");
        }
        packer.finish();
        assertThat(transport.received).hasSize(100);
        assertThat(packer.pauses()).as("6 bursts ended, the budget allows 3").isEqualTo(3);

        packer.begin(0);
        for (int i = 0; i < 100; i++) {
            add(packer, i, "m" + (i % 10) + ":1|c");
        }
        packer.finish();
        assertThat(packer.pauses()).isZero();
    }

    private static boolean add(DatagramPacker packer, int series, String lines) {
        LineBuffer b = new LineBuffer(16);
        b.putAscii(lines);
        return packer.add(series, b, lines.split("\n").length);
    }
}
