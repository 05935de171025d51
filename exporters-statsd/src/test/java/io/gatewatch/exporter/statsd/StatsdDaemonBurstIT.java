package io.gatewatch.exporter.statsd;

import static org.assertj.core.api.Assertions.assertThat;

import io.gatewatch.snapshot.Snapshot;
import io.gatewatch.testing.TestPluginContext;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * 10,000 series in one interval against the reference daemon, a single Node thread. Sent back
 * to back, the 886 datagrams overflow its socket's receive buffer and the kernel drops most of
 * them, where no sender can see it; paced in bursts, a daemon that gets the CPU keeps up.
 *
 * <p>What the exporter controls is asserted exactly: the lines it hands to the socket, the
 * bursts between its pauses and its own accounting. How much of a large burst the daemon reads
 * depends on whether the machine gives it the CPU, so that is printed, not asserted; the daemon's
 * exact reception is asserted for an interval that fits its receive buffer whole.
 */
class StatsdDaemonBurstIT {
    private static final Duration INTERVAL = Duration.ofSeconds(10);

    @TempDir
    Path dir;

    @Test
    void aLargeIntervalIsPacedSoTheDaemonKeepsUp() throws Exception {
        try (StatsdDaemon daemon = StatsdDaemon.start(dir)) {
            TestPluginContext context = Snapshots.context();
            CountingTransport socket = new CountingTransport(new UdpTransport("127.0.0.1", daemon.port()));
            StatsdExporter exporter = new StatsdExporter(
                    StatsdExporterTest.settings(StatsdFlavor.ETSY, "127.0.0.1", daemon.port()), context, socket);
            socket.exporter = exporter;
            long started = System.nanoTime();
            exporter.export(FlushCostTest.tenThousandSeries());
            long millis = (System.nanoTime() - started) / 1_000_000;
            daemon.awaitFlush();

            long sent = Snapshots.counter(context.snapshot(), "gatewatch.statsd.lines");
            long datagrams = Snapshots.counter(context.snapshot(), "gatewatch.statsd.datagrams");
            long dropped = Snapshots.counter(context.snapshot(), "gatewatch.statsd.dropped");
            long deferred = Snapshots.counter(context.snapshot(), "gatewatch.statsd.deferred");
            int pauses = exporter.pausesOfLastSend();
            double received = daemon.counters().getOrDefault("statsd.metrics_received", 0.0);
            System.out.printf("FIGURES statsd burst: 10,000 series, %d lines in %d datagrams handed to the socket in %d ms"
                    + " with %d pauses; %.0f lines received by the daemon (%.1f%%)%n",
                    sent, datagrams, millis, pauses, received, 100 * received / sent);

            // every line of the interval went to the socket once, and the exporter says so
            assertThat(socket.lines).isEqualTo(15_429);
            assertThat(sent).isEqualTo(socket.lines);
            assertThat(datagrams).isEqualTo(socket.sizes.size());
            assertThat(socket.sizes).allSatisfy(size -> assertThat(size).isBetween(1, 1432));
            assertThat(sent + dropped).as("lines sent + counted drops = lines of the interval").isEqualTo(15_429);
            assertThat(dropped).isZero();
            assertThat(deferred).isZero();
            // pacing: a pause after every burst of 16 datagrams, as the budget (a quarter of the
            // interval, 500 pauses of 5 ms) allows all 55 of them
            long budgetPauses = INTERVAL.toNanos() / 4 / DatagramPacker.PAUSE_NANOS;
            assertThat(pauses).isEqualTo((int) Math.min((datagrams - 1) / DatagramPacker.BURST, budgetPauses));
            assertThat(pauses).isEqualTo(55);
            assertThat(socket.burstsBetweenPauses()).isEmpty();
            // gross: pacing never stretches an export beyond its own interval
            assertThat(millis).as("export of one interval, ms").isLessThan(INTERVAL.toMillis());
            // what the daemon read is never more than was sent, and all of it parsed
            assertThat(received).isLessThanOrEqualTo(sent);
            assertThat(daemon.counters().get("statsd.bad_lines_seen")).isZero();
        }
    }

    @Test
    void anIntervalThatFitsTheDaemonsBufferArrivesWhole() throws Exception {
        try (StatsdDaemon daemon = StatsdDaemon.start(dir)) {
            TestPluginContext context = Snapshots.context();
            CountingTransport socket = new CountingTransport(new UdpTransport("127.0.0.1", daemon.port()));
            StatsdExporter exporter = new StatsdExporter(
                    StatsdExporterTest.settings(StatsdFlavor.ETSY, "127.0.0.1", daemon.port()), context, socket);
            // 150 series: one burst of datagrams, well inside the daemon's receive buffer even if
            // the machine does not let it read while they arrive
            Snapshot interval = FlushCostTest.routes(15);
            exporter.export(interval);
            long sent = Snapshots.counter(context.snapshot(), "gatewatch.statsd.lines");
            assertThat(socket.sizes.size()).isLessThanOrEqualTo(DatagramPacker.BURST);
            assertThat(sent).isEqualTo(socket.lines).isPositive();
            daemon.awaitFlush();

            assertThat(daemon.counters().get("statsd.metrics_received")).isEqualTo((double) sent);
            assertThat(daemon.counters().get("statsd.packets_received")).isEqualTo((double) socket.sizes.size());
            assertThat(daemon.counters().get("statsd.bad_lines_seen")).isZero();
        }
    }

    /** The real UDP socket, counting what is handed to it. */
    private static final class CountingTransport implements DatagramTransport {
        private final DatagramTransport socket;
        final List<Integer> sizes = new ArrayList<>();
        final List<Integer> pausesBefore = new ArrayList<>();
        long lines;
        /** Set after construction, to read how many pauses came before each datagram. */
        StatsdExporter exporter;

        CountingTransport(DatagramTransport socket) {
            this.socket = socket;
        }

        @Override
        public void send(byte[] bytes, int length) throws IOException {
            socket.send(bytes, length);
            sizes.add(length);
            pausesBefore.add(exporter == null ? -1 : exporter.pausesOfLastSend());
            lines++;
            for (int i = 0; i < length; i++) {
                if (bytes[i] == '\n') {
                    lines++;
                }
            }
        }

        /**
         * Datagrams whose count of preceding pauses is not the number of full bursts before them;
         * empty when the exporter paused after every {@value DatagramPacker#BURST} datagrams.
         */
        List<Integer> burstsBetweenPauses() {
            List<Integer> wrong = new ArrayList<>();
            for (int i = 0; i < pausesBefore.size(); i++) {
                if (pausesBefore.get(i) != i / DatagramPacker.BURST) {
                    wrong.add(i);
                }
            }
            return wrong;
        }

        @Override
        public void checkRefused() throws IOException {
            socket.checkRefused();
        }

        @Override
        public String describe() {
            return socket.describe();
        }

        @Override
        public void close() {
            socket.close();
        }
    }
}
