package io.gatewatch.sample.gateway;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A stand-in upstream service on loopback, so the sample gateway runs with nothing else
 * installed: answers JSON after a configurable latency (±50% jitter) and fails with a 500 at a
 * configurable rate.
 */
final class EmbeddedUpstream implements AutoCloseable {
    private final HttpServer server;
    private final ExecutorService executor;
    private final String name;
    private final long latencyNanos;
    private final double errorRate;

    EmbeddedUpstream(String name, Duration latency, double errorRate) throws IOException {
        this.name = name;
        this.latencyNanos = latency.toNanos();
        this.errorRate = errorRate;
        this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 128);
        this.executor = Executors.newFixedThreadPool(16, r -> {
            Thread t = new Thread(r, "upstream-" + name);
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    int port() {
        return server.getAddress().getPort();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange; InputStream in = exchange.getRequestBody()) {
            in.transferTo(OutputStream.nullOutputStream());
            ThreadLocalRandom random = ThreadLocalRandom.current();
            long sleep = latencyNanos <= 0 ? 0 : latencyNanos / 2 + random.nextLong(latencyNanos + 1);
            if (sleep > 0) {
                try {
                    Thread.sleep(sleep / 1_000_000, (int) (sleep % 1_000_000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            boolean fail = random.nextDouble() < errorRate;
            String body = fail
                    ? "{\"error\":\"upstream " + name + " failed\"}"
                    : "{\"upstream\":\"" + name + "\",\"path\":\"" + jsonSafe(exchange.getRequestURI().getPath())
                            + "\",\"traceparent\":\"" + jsonSafe(String.valueOf(exchange.getRequestHeaders().getFirst("traceparent")))
                            + "\"}";
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(fail ? 500 : 200, bytes.length);
            exchange.getResponseBody().write(bytes);
        }
    }

    private static String jsonSafe(String s) {
        return s.replaceAll("[^A-Za-z0-9/_.\\-]", "_");
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
