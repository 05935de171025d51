package io.gatewatch.exporter.statsd;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** A loopback UDP socket that plays the daemon in unit tests and hands back raw datagrams. */
final class UdpReceiver implements AutoCloseable {
    private final DatagramSocket socket;

    UdpReceiver() throws IOException {
        this(0);
    }

    UdpReceiver(int port) throws IOException {
        socket = new DatagramSocket(new InetSocketAddress("127.0.0.1", port));
        socket.setReceiveBufferSize(4 << 20);
    }

    int port() {
        return socket.getLocalPort();
    }

    /** Every datagram that arrives until none came for {@code quietMillis}. */
    List<String> drain(int quietMillis) throws IOException {
        List<String> out = new ArrayList<>();
        byte[] buf = new byte[65_536];
        socket.setSoTimeout(quietMillis);
        while (true) {
            DatagramPacket p = new DatagramPacket(buf, buf.length);
            try {
                socket.receive(p);
            } catch (SocketTimeoutException e) {
                return out;
            }
            out.add(new String(p.getData(), 0, p.getLength(), StandardCharsets.UTF_8));
        }
    }

    /** The lines of {@link #drain}. */
    List<String> lines(int quietMillis) throws IOException {
        List<String> lines = new ArrayList<>();
        for (String d : drain(quietMillis)) {
            lines.addAll(List.of(d.split("\n")));
        }
        return lines;
    }

    @Override
    public void close() {
        socket.close();
    }
}
