package io.gatewatch.exporter.statsd;

import java.io.IOException;
import java.net.PortUnreachableException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A transport that behaves like a connected UDP socket whose peer can vanish: while the peer is
 * down, each datagram is "accepted" and then refused, and the refusal is reported by the next
 * call, as the kernel does on loopback. Keeps what the peer actually received.
 */
final class ScriptedTransport implements DatagramTransport {
    final List<String> received = new ArrayList<>();
    final List<Integer> sizes = new ArrayList<>();
    boolean peerUp = true;
    /** When set, every send throws this at once (no route, unresolvable host). */
    IOException failWith;
    private boolean refusalPending;
    int closes;

    /** When set, every send waits for it (a send that hangs). */
    java.util.concurrent.CountDownLatch hold;

    @Override
    public void send(byte[] bytes, int length) throws IOException {
        if (hold != null) {
            try {
                hold.await();
            } catch (InterruptedException e) {
                throw new java.io.InterruptedIOException();
            }
        }
        if (failWith != null) {
            throw failWith;
        }
        if (refusalPending) {
            refusalPending = false;
            throw new PortUnreachableException();
        }
        if (peerUp) {
            received.add(new String(bytes, 0, length, StandardCharsets.UTF_8));
            sizes.add(length);
        } else {
            refusalPending = true;
        }
    }

    @Override
    public void checkRefused() throws IOException {
        if (refusalPending) {
            refusalPending = false;
            throw new PortUnreachableException();
        }
    }

    /** The daemon was there when the datagram left but the refusal arrives late (a remote peer). */
    void refuseLastLate() {
        received.remove(received.size() - 1);
        refusalPending = true;
    }

    List<String> lines() {
        List<String> lines = new ArrayList<>();
        for (String d : received) {
            lines.addAll(List.of(d.split("\n")));
        }
        return lines;
    }

    @Override
    public String describe() {
        return "scripted";
    }

    @Override
    public void close() {
        closes++;
    }
}
