package io.gatewatch.servlet;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/** A real HTTP upstream on loopback: a fixed body, an event stream, and a response that stalls until released. */
final class Upstream implements AutoCloseable {
    static final byte[] USER = "{\"id\":1,\"name\":\"ada\"}".getBytes(StandardCharsets.UTF_8);
    static final int EVENTS = 5;
    /** What a stalled response sends first: more than a container buffers, so the client sees it. */
    static final int STALLED_PREFIX = 64 * 1024;
    final CountDownLatch releaseStalled = new CountDownLatch(1);

    private final HttpServer server;
    private final ExecutorService threads = Executors.newCachedThreadPool();

    Upstream() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/users", this::user);
        server.createContext("/events", this::events);
        server.createContext("/stalled", this::stalled);
        server.setExecutor(threads);
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private void user(HttpExchange exchange) throws IOException {
        try (exchange) {
            exchange.getRequestBody().readAllBytes();
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, USER.length);
            exchange.getResponseBody().write(USER);
        }
    }

    private void events(HttpExchange exchange) throws IOException {
        try (exchange) {
            exchange.getResponseHeaders().set("Content-Type", "text/event-stream");
            exchange.sendResponseHeaders(200, 0);
            OutputStream out = exchange.getResponseBody();
            for (int i = 0; i < EVENTS; i++) {
                out.write(event(i));
                out.flush();
                pause(20);
            }
        }
    }

    static byte[] event(int i) {
        return ("id: " + i + "\ndata: tick " + i + "\n\n").getBytes(StandardCharsets.UTF_8);
    }

    private void stalled(HttpExchange exchange) throws IOException {
        try (exchange) {
            exchange.sendResponseHeaders(200, 0);
            exchange.getResponseBody().write(new byte[STALLED_PREFIX]);
            exchange.getResponseBody().flush();
            releaseStalled.await(30, TimeUnit.SECONDS);
            exchange.getResponseBody().write(new byte[STALLED_PREFIX]);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException gatewayWentAway) {
            // the gateway closed its side after its client left: expected
        }
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** A loopback port nothing listens on (bound, then released). */
    static int closedPort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        releaseStalled.countDown();
        server.stop(0);
        threads.shutdownNow();
    }
}
