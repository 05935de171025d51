package io.gatewatch.vitals.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.gatewatch.spi.StatusRequest;
import io.gatewatch.spi.StatusResponse;
import io.gatewatch.spi.StatusRoute;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Executors;

/**
 * Serves {@link StatusRoute}s over HTTP on 127.0.0.1 with the JDK's own server, matching paths the
 * way the status listener does (exact, or below a prefix route): lets the page run in a real
 * browser without the status listener module.
 */
public final class RouteServer implements AutoCloseable {
    private final HttpServer server;
    private final List<StatusRoute> routes;

    public RouteServer(Collection<StatusRoute> routes) throws IOException {
        this.routes = new ArrayList<>(routes);
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.setExecutor(Executors.newFixedThreadPool(4, r -> {
            Thread t = new Thread(r, "route-server");
            t.setDaemon(true);
            return t;
        }));
        server.start();
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private StatusRoute find(String path) {
        StatusRoute best = null;
        for (StatusRoute r : routes) {
            boolean match = r.path().equals(path) || (r.prefix() && path.startsWith(r.path() + "/"));
            if (match && (best == null || r.path().length() > best.path().length())) {
                best = r;
            }
        }
        return best;
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getRawPath();
            StatusRoute route = find(path);
            StatusResponse response;
            if (route == null) {
                response = StatusResponse.json(404, "{\"status\":404,\"error\":\"not found\"}");
            } else {
                Map<String, String> headers = new HashMap<>();
                exchange.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), v.get(0)));
                try {
                    response = route.handle(new StatusRequest(exchange.getRequestMethod(), path,
                            query(exchange.getRequestURI().getRawQuery()), headers));
                } catch (Exception e) {
                    response = StatusResponse.json(500, "{\"status\":500,\"error\":\"internal error\"}");
                }
            }
            exchange.getResponseHeaders().set("Content-Type", response.contentType());
            exchange.getResponseHeaders().set("Cache-Control", "no-store");
            response.headers().forEach((k, v) -> exchange.getResponseHeaders().set(k, v));
            exchange.sendResponseHeaders(response.status(), response.body().length == 0 ? -1 : response.body().length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(response.body());
            }
        }
    }

    static Map<String, List<String>> query(String raw) {
        Map<String, List<String>> query = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return query;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            query.computeIfAbsent(k, x -> new ArrayList<>()).add(v);
        }
        return query;
    }

    @Override
    public void close() {
        server.stop(0);
        ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
    }
}
