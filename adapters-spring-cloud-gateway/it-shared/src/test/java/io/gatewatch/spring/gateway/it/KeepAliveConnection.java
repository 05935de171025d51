package io.gatewatch.spring.gateway.it;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * One client socket to the gateway that carries request after request (HTTP/1.1 keep-alive), for
 * the tests that count connections: a pooled client would decide on its own when to open another.
 */
public final class KeepAliveConnection implements AutoCloseable {
    private final Socket socket;
    private final OutputStream out;
    private final InputStream in;

    public KeepAliveConnection(int port) throws IOException {
        socket = new Socket(InetAddress.getLoopbackAddress(), port);
        out = socket.getOutputStream();
        in = socket.getInputStream();
    }

    /** Sends a GET and reads its whole response; returns its status. */
    public int get(String path) throws IOException {
        out.write(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
        return GatewayHarness.readResponse(in);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
