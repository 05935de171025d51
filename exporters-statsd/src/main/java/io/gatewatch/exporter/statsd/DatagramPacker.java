package io.gatewatch.exporter.statsd;

import java.io.IOException;
import java.net.PortUnreachableException;
import java.util.concurrent.locks.LockSupport;

/**
 * Packs series' lines into datagrams of at most {@code maxPacketSize} bytes, newline separated,
 * and sends each datagram as it fills, keeping track of which series were delivered.
 *
 * <p><b>Accounting.</b> Series are added in order and a series' lines stay in one datagram
 * whenever they fit in one, so every datagram carries a contiguous range of series. A flush
 * stops at its first failure and reports {@link #undeliveredFrom()}: the first series that may
 * not have arrived; the exporter keeps those series' deltas for the next interval. A refusal
 * ({@link PortUnreachableException}) reported by the send of datagram {@code k} means datagram
 * {@code k-1} was refused (on loopback the kernel reports it before the next send; farther away
 * a round trip later) and datagram {@code k} was not sent, so the range starts at {@code k-1}.
 * A refusal that only shows up at the start of the next flush concerns a datagram whose series
 * were already committed: its lines are counted as lost ({@link #refusedAfterCommit()}).
 *
 * <p><b>Pacing.</b> After every {@value #BURST} datagrams a paced flush pauses for 5 ms, until
 * its pacing budget is spent, so a single-threaded daemon drains its receive buffer instead of
 * the kernel dropping what overflows it (which no sender can see).
 *
 * <p>Not thread-safe; one flush at a time. Allocates nothing after construction.
 */
final class DatagramPacker {
    /** Datagrams sent back to back before a pause: 16 x 1432 bytes fill a tenth of Linux's default receive buffer. */
    static final int BURST = 16;
    static final long PAUSE_NANOS = 5_000_000L;

    private final DatagramTransport transport;
    private final int maxPacketSize;
    private final int maxDatagrams;
    private final byte[] datagram;

    private int length;
    private int linesInCurrent;
    private int firstSeriesInCurrent;
    private int firstSeriesInPrevious;
    private int linesInPrevious;
    private int bytesInPrevious;
    /** Lines of the last datagram of the last flush that ended cleanly, for refusals found late. */
    private int linesInLastOfPreviousFlush;

    private int datagrams;
    private int lines;
    private long bytes;
    private int oversizeLines;
    private int refusedAfterCommit;
    private int undeliveredFrom;
    private boolean queueFull;
    private IOException failure;
    private IOException lateRefusal;
    /** True while the datagrams of an oversized series, already counted against the limit, go out. */
    private boolean reserved;
    private long pacingLeft;
    private int pauses;

    DatagramPacker(DatagramTransport transport, int maxPacketSize, int maxDatagrams) {
        this.transport = transport;
        this.maxPacketSize = maxPacketSize;
        this.maxDatagrams = maxDatagrams;
        this.datagram = new byte[maxPacketSize];
    }

    /**
     * Starts a flush; first collects a refusal of the previous flush's last datagram, if any.
     *
     * @param pacingBudgetNanos how long this flush may pause in total between bursts of
     *                          {@value #BURST} datagrams (0: send at full speed)
     */
    void begin(long pacingBudgetNanos) {
        pacingLeft = pacingBudgetNanos;
        pauses = 0;
        length = 0;
        linesInCurrent = 0;
        firstSeriesInCurrent = 0;
        firstSeriesInPrevious = -1;
        linesInPrevious = 0;
        bytesInPrevious = 0;
        datagrams = 0;
        lines = 0;
        bytes = 0;
        oversizeLines = 0;
        refusedAfterCommit = 0;
        undeliveredFrom = Integer.MAX_VALUE;
        queueFull = false;
        failure = null;
        lateRefusal = null;
        try {
            transport.checkRefused();
        } catch (PortUnreachableException e) {
            refusedAfterCommit = linesInLastOfPreviousFlush;
            lateRefusal = e;
        } catch (IOException e) {
            lateRefusal = e;   // a failure reported later by the transport; which lines it held is unknown
        }
        linesInLastOfPreviousFlush = 0;
    }

    /**
     * Adds the lines of series {@code series} ({@code block[0..length)}, newline separated).
     *
     * @return false once the flush has stopped (a failure, or the datagram limit); add nothing more
     */
    boolean add(int series, LineBuffer block, int blockLines) {
        if (stopped()) {
            return false;
        }
        byte[] b = block.array();
        int n = block.length();
        if (n <= maxPacketSize) {
            return append(series, b, 0, n, blockLines);
        }
        // Too big for one datagram: it gets datagrams of its own, line by line (a single
        // oversized line is dropped). It starts only if the datagram limit cannot cut it in half,
        // because half a series can be neither committed nor sent again without counting its
        // first lines twice; the first thing in a flush always starts, so it cannot starve.
        int needed = datagramsFor(b, n) + (length > 0 ? 1 : 0);
        if (datagrams + needed > maxDatagrams && !(datagrams == 0 && length == 0)) {
            if (length > 0 && !sendCurrent()) {
                return false;
            }
            queueFull = true;
            undeliveredFrom = series;
            return false;
        }
        if (length > 0 && !sendCurrent()) {
            return false;
        }
        reserved = true;
        try {
            int start = 0;
            for (int i = 0; i <= n; i++) {
                if (i == n || b[i] == '\n') {
                    if (i - start > maxPacketSize) {
                        oversizeLines++;
                    } else if (i > start && !append(series, b, start, i, 1)) {
                        return false;
                    }
                    start = i + 1;
                }
            }
            return length == 0 || sendCurrent();
        } finally {
            reserved = false;
        }
    }

    /** How many datagrams the lines of {@code b[0..n)} fill when packed from an empty datagram. */
    private int datagramsFor(byte[] b, int n) {
        int count = 0;
        int fill = 0;
        int start = 0;
        for (int i = 0; i <= n; i++) {
            if (i == n || b[i] == '\n') {
                int line = i - start;
                if (line > 0 && line <= maxPacketSize) {
                    if (fill > 0 && fill + 1 + line > maxPacketSize) {
                        count++;
                        fill = line;
                    } else {
                        fill += fill > 0 ? 1 + line : line;
                    }
                }
                start = i + 1;
            }
        }
        return fill > 0 ? count + 1 : count;
    }

    /** Sends what is still packed and checks whether the network refused the last datagram. */
    void finish() {
        if (stopped()) {
            return;
        }
        if (length > 0 && !sendCurrent()) {
            return;
        }
        if (datagrams > 0) {
            try {
                transport.checkRefused();
            } catch (PortUnreachableException e) {
                fail(firstSeriesInPrevious, e);
                return;
            } catch (IOException e) {
                lateRefusal = e;   // reported later by the transport, for lines it cannot name
            }
            linesInLastOfPreviousFlush = linesInPrevious;
        }
    }

    private boolean append(int series, byte[] src, int from, int to, int n) {
        int needed = to - from + (length > 0 ? 1 : 0);
        if (length + needed > maxPacketSize && !sendCurrent()) {
            return false;
        }
        if (length == 0) {
            firstSeriesInCurrent = series;
        } else {
            datagram[length++] = '\n';
        }
        System.arraycopy(src, from, datagram, length, to - from);
        length += to - from;
        linesInCurrent += n;
        return true;
    }

    private boolean sendCurrent() {
        if (datagrams >= maxDatagrams && !reserved) {
            queueFull = true;
            undeliveredFrom = firstSeriesInCurrent;
            return false;
        }
        if (datagrams > 0 && datagrams % BURST == 0 && pacingLeft > 0) {
            // A daemon reads one socket on one thread; what its receive buffer cannot hold is
            // dropped where no sender hears of it. Short pauses let it catch up.
            LockSupport.parkNanos(PAUSE_NANOS);
            pacingLeft -= PAUSE_NANOS;
            pauses++;
        }
        try {
            transport.send(datagram, length);
        } catch (PortUnreachableException e) {
            fail(datagrams > 0 ? firstSeriesInPrevious : firstSeriesInCurrent, e);
            return false;
        } catch (IOException e) {
            fail(firstSeriesInCurrent, e);
            return false;
        }
        datagrams++;
        lines += linesInCurrent;
        bytes += length;
        firstSeriesInPrevious = firstSeriesInCurrent;
        linesInPrevious = linesInCurrent;
        bytesInPrevious = length;
        length = 0;
        linesInCurrent = 0;
        return true;
    }

    private void fail(int fromSeries, IOException e) {
        failure = e;
        undeliveredFrom = fromSeries;
        if (datagrams > 0 && fromSeries == firstSeriesInPrevious) {
            // the refused datagram was counted as sent when it went out
            datagrams--;
            lines -= linesInPrevious;
            bytes -= bytesInPrevious;
        }
    }

    private boolean stopped() {
        return failure != null || queueFull;
    }

    /** The first series that may not have arrived, or {@link Integer#MAX_VALUE} when all did. */
    int undeliveredFrom() {
        return undeliveredFrom;
    }

    IOException failure() {
        return failure;
    }

    /** The refusal that concerned the previous flush, found when this one began. */
    IOException lateRefusal() {
        return lateRefusal;
    }

    boolean queueFull() {
        return queueFull;
    }

    int datagrams() {
        return datagrams;
    }

    int lines() {
        return lines;
    }

    long bytes() {
        return bytes;
    }

    /** Pauses this flush made between bursts. */
    int pauses() {
        return pauses;
    }

    int oversizeLines() {
        return oversizeLines;
    }

    int refusedAfterCommit() {
        return refusedAfterCommit;
    }
}
