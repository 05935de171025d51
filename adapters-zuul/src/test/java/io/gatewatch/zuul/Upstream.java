package io.gatewatch.zuul;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real origin on loopback: {@code /status/N} answers status N, {@code /echo} sends the request
 * body back, {@code /hold} answers only once the test releases it, anything else answers 200 with
 * {@code user <path>}.
 */
final class Upstream implements AutoCloseable {
    private final HttpServer server;
    private final ExecutorService executor = Executors.newFixedThreadPool(4);
    private final AtomicInteger held = new AtomicInteger();
    private volatile long heldSince;
    private volatile CountDownLatch release = new CountDownLatch(1);

    Upstream() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        server.createContext("/", this::answer);
        server.setExecutor(executor);
        server.start();
    }

    int port() {
        return server.getAddress().getPort();
    }

    /** Requests waiting in {@code /hold}. */
    int held() {
        return held.get();
    }

    /** When the last held request arrived (System.nanoTime()). */
    long heldSince() {
        return heldSince;
    }

    /** Lets every held request answer. */
    void release() {
        CountDownLatch released = release;
        release = new CountDownLatch(1);
        released.countDown();
    }

    static String userBody(String path) {
        return "user " + path;
    }

    private void answer(HttpExchange exchange) throws IOException {
        try (exchange; InputStream in = exchange.getRequestBody()) {
            byte[] requestBody = in.readAllBytes();
            String path = exchange.getRequestURI().getPath();
            int status = 200;
            byte[] body;
            int marker = path.indexOf("/status/");
            if (marker >= 0) {
                status = Integer.parseInt(path.substring(marker + "/status/".length()));
                body = ("status " + status).getBytes(StandardCharsets.UTF_8);
            } else if (path.endsWith("/hold")) {
                CountDownLatch latch = release;
                heldSince = System.nanoTime();
                held.incrementAndGet();
                try {
                    if (!latch.await(30, TimeUnit.SECONDS)) {
                        throw new IOException("never released");
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException(e);
                } finally {
                    held.decrementAndGet();
                }
                body = "released".getBytes(StandardCharsets.UTF_8);
            } else if (path.endsWith("/echo")) {
                body = requestBody;
            } else {
                body = userBody(path).getBytes(StandardCharsets.UTF_8);
            }
            exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
