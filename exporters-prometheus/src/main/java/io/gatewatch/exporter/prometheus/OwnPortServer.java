package io.gatewatch.exporter.prometheus;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.gatewatch.spi.Lifecycle;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.zip.GZIPOutputStream;

/**
 * {@code /metrics} on a port of its own (when {@code port} is set), for setups that keep metrics
 * apart from probes. Without the status listener in front, this server answers HEAD and
 * compresses with gzip itself. Everything else on the port is a 404; methods other than GET and
 * HEAD get a 405.
 */
final class OwnPortServer implements Lifecycle {
    private final String host;
    private final int port;
    private final String path;
    private final MetricsEndpoint endpoint;
    private final ThreadFactory threads;
    private HttpServer server;
    private ExecutorService executor;

    OwnPortServer(String host, int port, String path, MetricsEndpoint endpoint, ThreadFactory threads) {
        this.host = host;
        this.port = port;
        this.path = path;
        this.endpoint = endpoint;
        this.threads = threads;
    }

    @Override
    public String name() {
        return "prometheus-server";
    }

    @Override
    public synchronized void start() throws IOException {
        if (server != null) {
            return;
        }
        HttpServer s = HttpServer.create(new InetSocketAddress(host, port), 64);
        executor = Executors.newFixedThreadPool(2, threads);
        s.setExecutor(executor);
        s.createContext("/", this::handle);
        s.start();
        server = s;
    }

    /** The bound port (useful when configured as 0), or -1 when not started. */
    synchronized int boundPort() {
        return server == null ? -1 : server.getAddress().getPort();
    }

    @Override
    public synchronized void stop() {
        if (server != null) {
            server.stop(0);
            executor.shutdownNow();
            server = null;
        }
    }

    @Override
    public StopPhase stopPhase() {
        // scrapers may take one last look while the gateway drains
        return StopPhase.AFTER_FLUSH;
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!exchange.getRequestURI().getPath().equals(path)) {
                plain(exchange, 404, "not found\n");
                return;
            }
            String method = exchange.getRequestMethod();
            boolean head = method.equals("HEAD");
            if (!head && !method.equals("GET")) {
                exchange.getResponseHeaders().set("Allow", "GET, HEAD");
                plain(exchange, 405, "method not allowed\n");
                return;
            }
            boolean gzip = acceptsGzip(exchange.getRequestHeaders().getFirst("Accept-Encoding"));
            try {
                endpoint.scrape(exchange.getRequestHeaders().getFirst("Accept"), (contentType, body) -> {
                    send(exchange, contentType, body, head, gzip);
                    return null;
                });
            } catch (RuntimeException | IOException e) {
                if (exchange.getResponseCode() == -1) {
                    plain(exchange, 500, "scrape failed\n");
                }
            }
        }
    }

    private static void send(HttpExchange exchange, String contentType, ExpositionBuffer body, boolean head,
                             boolean gzip) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.getResponseHeaders().set("Vary", "Accept, Accept-Encoding");
        if (gzip) {
            exchange.getResponseHeaders().set("Content-Encoding", "gzip");
        }
        if (head) {
            exchange.sendResponseHeaders(200, -1);
            return;
        }
        if (!gzip) {
            exchange.sendResponseHeaders(200, body.size());
            body.writeTo(exchange.getResponseBody());
            return;
        }
        exchange.sendResponseHeaders(200, 0); // chunked: the compressed size is known only at the end
        try (OutputStream out = new GZIPOutputStream(exchange.getResponseBody(), 64 * 1024)) {
            body.writeTo(out);
        }
    }

    /** Whether {@code Accept-Encoding} lists gzip with a non-zero weight. */
    static boolean acceptsGzip(String acceptEncoding) {
        if (acceptEncoding == null) {
            return false;
        }
        for (String part : acceptEncoding.split(",")) {
            String[] fields = part.split(";");
            if (!fields[0].trim().toLowerCase(Locale.ROOT).equals("gzip")) {
                continue;
            }
            for (int i = 1; i < fields.length; i++) {
                String f = fields[i].trim().replace(" ", "");
                if (f.startsWith("q=")) {
                    try {
                        return Double.parseDouble(f.substring(2)) > 0;
                    } catch (NumberFormatException e) {
                        return false;
                    }
                }
            }
            return true;
        }
        return false;
    }

    private static void plain(HttpExchange exchange, int status, String text) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
        if (exchange.getRequestMethod().equals("HEAD")) {
            exchange.sendResponseHeaders(status, -1);
            return;
        }
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }
}
