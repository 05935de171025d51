package io.gatewatch.exporter.statsd;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.UnresolvedAddressException;
import java.util.concurrent.locks.LockSupport;

/**
 * UDP through a <em>connected</em> {@link DatagramChannel}. Connecting matters: the kernel
 * tells a connected socket about ICMP "port unreachable" (the daemon is not running), and keeps
 * quiet to an unconnected one, which is what statsd clients, java-dogstatsd-client included,
 * use. The host name is resolved again whenever the channel is reopened, which happens after
 * every error, so a daemon that moved to another address is found again.
 */
final class UdpTransport implements DatagramTransport {
    /** How long a full socket send buffer may hold up one datagram before the send counts as failed. */
    private static final long SEND_BUFFER_WAIT_NANOS = 200_000_000L;

    private final String host;
    private final int port;
    private final ByteBuffer probe = ByteBuffer.allocate(1);
    private DatagramChannel channel;
    private ByteBuffer wrapped;

    UdpTransport(String host, int port) {
        this.host = host;
        this.port = port;
    }

    @Override
    public void send(byte[] bytes, int length) throws IOException {
        DatagramChannel ch = open();
        if (wrapped == null || wrapped.array() != bytes) {
            wrapped = ByteBuffer.wrap(bytes);
        }
        wrapped.clear().limit(length);
        try {
            long deadline = 0;
            while (ch.write(wrapped) == 0) {
                // non-blocking: the socket buffer is full; wait a little rather than block forever
                long now = System.nanoTime();
                if (deadline == 0) {
                    deadline = now + SEND_BUFFER_WAIT_NANOS;
                } else if (now - deadline > 0) {
                    throw new IOException("socket send buffer stayed full for 200 ms");
                }
                LockSupport.parkNanos(100_000);
            }
        } catch (IOException e) {
            closeChannel();
            throw e;
        }
    }

    @Override
    public void checkRefused() throws IOException {
        if (channel == null) {
            return;
        }
        try {
            // reading a connected socket reports a pending ICMP error; daemons never answer,
            // so this returns 0 otherwise
            probe.clear();
            channel.read(probe);
        } catch (IOException e) {
            closeChannel();
            throw e;
        }
    }

    private DatagramChannel open() throws IOException {
        if (channel == null) {
            InetSocketAddress address = new InetSocketAddress(host, port);   // resolves now
            if (address.isUnresolved()) {
                throw new UnknownHostException("cannot resolve StatsD host " + host);
            }
            DatagramChannel ch = DatagramChannel.open();
            try {
                ch.configureBlocking(false);
                ch.connect(address);
            } catch (IOException | UnresolvedAddressException e) {
                ch.close();
                throw e instanceof IOException io ? io : new UnknownHostException("cannot resolve " + host);
            }
            channel = ch;
        }
        return channel;
    }

    private void closeChannel() {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // closing a datagram channel has nothing to flush; nothing to report
            }
            channel = null;
        }
    }

    @Override
    public String describe() {
        return "udp://" + host + ":" + port;
    }

    @Override
    public void close() {
        closeChannel();
    }
}
