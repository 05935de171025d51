package io.gatewatch.systemtests.support;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

/** Bytes written on a plain socket, as a hostile client would, and what came back. */
public final class RawHttp {
    /** The status code of the answer, {@link #CLOSED} when the server closed without one. */
    public static final int CLOSED = -1;
    /** Neither an answer nor a close within the time limit. */
    public static final int HUNG = -2;

    private RawHttp() {
    }

    public static Socket connect(int port) throws IOException {
        Socket s = new Socket();
        s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 2000);
        return s;
    }

    /** Sends {@code bytes} on a new connection and waits up to {@code limitMillis} for an answer or a close. */
    public static int exchange(int port, byte[] bytes, int limitMillis) throws IOException {
        try (Socket s = connect(port)) {
            s.setSoTimeout(limitMillis);
            try {
                s.getOutputStream().write(bytes);
                s.getOutputStream().flush();
            } catch (IOException resetWhileWriting) {
                // the server answered early and closed (e.g. 431 before the rest of the headers)
                return readStatus(s);
            }
            return readStatus(s);
        }
    }

    public static int exchange(int port, String ascii, int limitMillis) throws IOException {
        return exchange(port, ascii.getBytes(StandardCharsets.ISO_8859_1), limitMillis);
    }

    /** Reads an answer's status code, or {@link #CLOSED} / {@link #HUNG}. */
    public static int readStatus(Socket s) throws IOException {
        InputStream in = s.getInputStream();
        StringBuilder line = new StringBuilder();
        try {
            int b;
            while ((b = in.read()) != -1 && b != '\n' && line.length() < 200) {
                line.append((char) b);
            }
        } catch (SocketTimeoutException e) {
            return line.length() == 0 ? HUNG : parse(line.toString());
        } catch (IOException reset) {
            return line.length() == 0 ? CLOSED : parse(line.toString());
        }
        return line.length() == 0 ? CLOSED : parse(line.toString());
    }

    private static int parse(String statusLine) {
        String[] parts = statusLine.trim().split(" ");
        if (parts.length < 2 || !parts[0].startsWith("HTTP/")) {
            throw new AssertionError("not an HTTP answer: " + statusLine);
        }
        return Integer.parseInt(parts[1]);
    }

    /** An answer with a 4xx status, or a close: what a hostile request may get. */
    public static boolean refused(int outcome) {
        return outcome == CLOSED || (outcome >= 400 && outcome < 500);
    }
}
