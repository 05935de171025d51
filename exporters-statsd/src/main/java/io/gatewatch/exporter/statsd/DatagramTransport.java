package io.gatewatch.exporter.statsd;

import java.io.IOException;

/**
 * Where packed datagrams go. Called only from the exporter's thread, one flush at a time.
 *
 * <p>UDP has no receipts; what a transport can say is that the network refused a datagram. A
 * refusal usually arrives after the send that caused it, so it is reported by the next call,
 * {@link #send} or {@link #checkRefused}; the caller decides which datagram it belongs to.
 */
interface DatagramTransport extends AutoCloseable {

    /**
     * Sends {@code bytes[0..length)} as one datagram.
     *
     * @throws java.net.PortUnreachableException when the network refused an earlier datagram;
     *         this one was not sent
     * @throws IOException when this one could not be sent (no route, unresolvable host, ...)
     */
    void send(byte[] bytes, int length) throws IOException;

    /** Throws if the network refused a datagram since the last call; never blocks. */
    void checkRefused() throws IOException;

    /** Where datagrams go, for messages ({@code udp://127.0.0.1:8125}). */
    String describe();

    @Override
    void close();
}
