package io.gatewatch.testing.gateway;

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

/**
 * A real HTTP upstream on loopback (the JDK's own HTTP server, so no server library comes along)
 * for adapter tests: a fixed body under {@code /users} and {@code /limited}, a server-sent event
 * stream under {@code /events}, and under {@code /hanging} a response that stalls until released.
 */
public final class Upstream implements AutoCloseable {
    public static final byte[] USER = "{\"id\":1,\"name\":\"ada\"}".getBytes(StandardCharsets.UTF_8);
    public static final int EVENTS = 5;
    /** What a hanging response sends before it stalls: more than a servlet container buffers, so it reaches the client. */
    public static final int HANGING_PREFIX = 64 * 1024;
    /** Released by a test once it is done with a response that hangs. */
    public final CountDownLatch releaseHanging = new CountDownLatch(1);
    /** Counted down when a silent request has reached the upstream; released like a hanging one. */
    public final CountDownLatch silentArrived = new CountDownLatch(1);
    public final CountDownLatch releaseSilent = new CountDownLatch(1);

    private final HttpServer server;
    private final ExecutorService threads = Executors.newCachedThreadPool();

    public Upstream() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/users", this::user);
        server.createContext("/limited", this::user);
        server.createContext("/events", this::events);
        server.createContext("/hanging", this::hanging);
        server.createContext("/silent", this::silent);
        server.setExecutor(threads);
        server.start();
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public String url() {
        return "http://127.0.0.1:" + port();
    }

    private void user(HttpExchange exchange) throws IOException {
        try (exchange) {
            exchange.getRequestBody().readAllBytes();
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, USER.length);
            exchange.getResponseBody().write(USER);
        }
    }

    /** Server-sent events: {@value #EVENTS} events a few milliseconds apart, then the end of the stream. */
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

    public static byte[] event(int i) {
        return ("id: " + i + "\ndata: tick " + i + "\n\n").getBytes(StandardCharsets.UTF_8);
    }

    /** Starts a response and holds it open until released, as a slow download would. */
    private void hanging(HttpExchange exchange) throws IOException {
        try (exchange) {
            exchange.getResponseHeaders().set("Content-Type", "application/octet-stream");
            exchange.sendResponseHeaders(200, 0);
            exchange.getResponseBody().write(new byte[HANGING_PREFIX]);
            exchange.getResponseBody().flush();
            releaseHanging.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException gatewayWentAway) {
            // the gateway closed its side after the client left: expected
        }
    }

    /** Holds a request without answering anything until released, as an upstream that thinks long would. */
    private void silent(HttpExchange exchange) throws IOException {
        try (exchange) {
            silentArrived.countDown();
            releaseSilent.await(30, TimeUnit.SECONDS);
            exchange.sendResponseHeaders(204, -1);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException gatewayWentAway) {
            // the gateway closed its side after the client left: expected
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
    public static int closedPort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        releaseHanging.countDown();
        releaseSilent.countDown();
        server.stop(0);
        threads.shutdownNow();
    }
}
