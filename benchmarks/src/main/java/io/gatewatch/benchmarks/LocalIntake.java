package io.gatewatch.benchmarks;

import com.sun.net.httpserver.HttpServer;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A stand-in for Datadog's intake on loopback for the end-to-end benchmark: accepts
 * {@code POST /api/v2/series} with a key header and answers 202 as the real one does.
 *
 * <pre>java -cp benchmarks.jar io.gatewatch.benchmarks.LocalIntake PORT</pre>
 */
public final class LocalIntake {
    private LocalIntake() {
    }

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        AtomicLong payloads = new AtomicLong();
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 64);
        server.setExecutor(Executors.newFixedThreadPool(2));
        server.createContext("/api/v2/series", exchange -> {
            try (exchange; InputStream in = exchange.getRequestBody()) {
                in.transferTo(OutputStream.nullOutputStream());
                boolean keyed = exchange.getRequestHeaders().getFirst("DD-API-KEY") != null;
                byte[] body = (keyed ? "{\"errors\":[]}" : "{\"errors\":[\"Forbidden\"]}").getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().set("Content-Type", "application/json");
                exchange.sendResponseHeaders(keyed ? 202 : 403, body.length);
                exchange.getResponseBody().write(body);
                payloads.incrementAndGet();
            }
        });
        server.start();
        System.out.println("local intake on 127.0.0.1:" + port);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> System.out.println("payloads received: " + payloads.get())));
    }
}
