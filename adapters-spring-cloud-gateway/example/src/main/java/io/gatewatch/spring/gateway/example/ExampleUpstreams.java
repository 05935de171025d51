package io.gatewatch.spring.gateway.example;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import org.springframework.context.SmartLifecycle;

/** The services behind the gateway, in the same process so that one command starts everything. */
final class ExampleUpstreams implements SmartLifecycle {
    /** Caps the upstreams' simulated work: {@code -Dexample.upstream.max-work-ms=0} answers at once (the benchmark). */
    private static final int MAX_WORK_MILLIS = Integer.getInteger("example.upstream.max-work-ms", Integer.MAX_VALUE);
    private final HttpServer server;
    private final ExecutorService threads = Executors.newFixedThreadPool(8, r -> {
        Thread t = new Thread(r, "example-upstream");
        t.setDaemon(true);
        return t;
    });
    private volatile boolean running = true;

    private ExampleUpstreams(HttpServer server) {
        this.server = server;
    }

    static ExampleUpstreams launch() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 256);
            ExampleUpstreams upstreams = new ExampleUpstreams(server);
            server.createContext("/users", e -> answer(e, 200, "{\"id\":1,\"name\":\"ada\"}", 2));
            server.createContext("/orders", e -> answer(e, 200, "{\"order\":42,\"items\":3}", 8));
            server.createContext("/flaky", e -> answer(e, ThreadLocalRandom.current().nextInt(4) == 0 ? 503 : 200,
                    "{\"maybe\":true}", 5));
            server.setExecutor(upstreams.threads);
            server.start();
            return upstreams;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private static void answer(HttpExchange exchange, int status, String json, int workMillis) throws IOException {
        try (exchange) {
            exchange.getRequestBody().readAllBytes();
            int work = ThreadLocalRandom.current().nextInt(Math.min(workMillis, MAX_WORK_MILLIS) + 1);
            if (work > 0) {
                Thread.sleep(work);
            }
            byte[] body = json.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, body.length);
            exchange.getResponseBody().write(body);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void start() {
        // started before Spring, in main
    }

    @Override
    public void stop() {
        running = false;
        server.stop(0);
        threads.shutdownNow();
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return Integer.MIN_VALUE;
    }
}
