package io.gatewatch.exporter.statsd;

/**
 * What one send of an interval did.
 *
 * @param series          series in the interval
 * @param datagrams       datagrams the network accepted
 * @param lines           lines in those datagrams
 * @param bytes           payload bytes in those datagrams
 * @param undeliveredFrom index (in snapshot order) of the first series that may not have arrived
 *                        and is kept for the next interval; {@code series} when all arrived
 * @param failure         why the send stopped early, or {@code null}
 */
public record SendReport(int series, int datagrams, int lines, long bytes, int undeliveredFrom, Exception failure) {

    /** Whether every series of the interval went out. */
    public boolean complete() {
        return undeliveredFrom >= series;
    }
}
