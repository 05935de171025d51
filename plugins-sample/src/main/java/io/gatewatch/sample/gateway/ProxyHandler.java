package io.gatewatch.sample.gateway;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.gatewatch.api.GatewayMetrics;
import io.gatewatch.api.HttpMethod;
import io.gatewatch.api.ResponseSource;
import io.gatewatch.api.RouteMetrics;
import io.gatewatch.api.TraceContext;
import io.gatewatch.api.TraceParent;
import io.gatewatch.sample.gateway.GatewaySettings.ConsumerSettings;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The reverse proxy: route, authenticate, rate-limit, answer from cache, guard the upstream with
 * its circuit breaker, forward, and record every request, whoever answered it.
 */
final class ProxyHandler implements HttpHandler {
    private static final Logger LOG = LoggerFactory.getLogger(ProxyHandler.class);
    private static final int MAX_BODY = 1 << 20;

    private final Router router;
    private final GatewayMetrics metrics;
    private final RouteMetrics noRoute;
    private final ApiKeyAuth auth;
    private final Map<String, RateLimiter> limiters;
    private final Map<String, RouteMetrics.Consumer> consumerHandles;
    private final ConnectionTracker connections;
    private final HttpClient client;
    private final Duration timeout;

    ProxyHandler(Router router, GatewayMetrics metrics, ApiKeyAuth auth, Map<String, RateLimiter> limiters,
                 Map<String, RouteMetrics.Consumer> consumerHandles, ConnectionTracker connections,
                 HttpClient client, Duration timeout) {
        this.router = router;
        this.metrics = metrics;
        this.noRoute = metrics.route("gateway", "no_route");
        this.auth = auth;
        this.limiters = limiters;
        this.consumerHandles = consumerHandles;
        this.connections = connections;
        this.client = client;
        this.timeout = timeout;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        long start = System.nanoTime();
        if (!connections.seen(exchange.getRemoteAddress(), start)) {
            exchange.getResponseHeaders().set("Connection", "close");
            send(exchange, 503, "{\"error\":\"too many connections\"}");
            exchange.close();
            return;
        }
        metrics.inFlight().increment();
        try (exchange) {
            serve(exchange, start);
        } finally {
            metrics.inFlight().decrement();
            if ("close".equalsIgnoreCase(exchange.getRequestHeaders().getFirst("Connection"))) {
                connections.closed(exchange.getRemoteAddress(), System.nanoTime());
            }
        }
    }

    private void serve(HttpExchange exchange, long start) throws IOException {
        // The gateway's span: the client's trace (a malformed header is dropped, never echoed) or a new one.
        TraceContext trace = TraceParent.continueOrStart(exchange.getRequestHeaders().getFirst(TraceParent.HEADER), true);
        HttpMethod method = HttpMethod.of(exchange.getRequestMethod());
        byte[] body = readBody(exchange.getRequestBody());
        if (body == null) {
            long out = send(exchange, 413, "{\"error\":\"request body too large\"}");
            noRoute.record(method, 413, ResponseSource.GATEWAY, System.nanoTime() - start, RouteMetrics.NO_UPSTREAM, MAX_BODY, out, null, trace);
            return;
        }
        String path = exchange.getRequestURI().getRawPath();
        Router.Route route = router.match(path == null ? "/" : path);
        if (route == null) {
            long out = send(exchange, 404, "{\"error\":\"no route\"}");
            noRoute.record(method, 404, ResponseSource.NO_ROUTE, System.nanoTime() - start, RouteMetrics.NO_UPSTREAM, body.length, out, null, trace);
            return;
        }
        RouteMetrics rm = route.metrics();
        RouteMetrics.Consumer consumer = null;
        if (route.settings().auth()) {
            ApiKeyAuth.Outcome outcome = auth.authenticate(exchange.getRequestHeaders().getFirst(ApiKeyAuth.HEADER), start);
            if (outcome instanceof ApiKeyAuth.Rejected rejected) {
                long out = send(exchange, 401, "{\"error\":\"" + rejected.reason() + "\"}");
                rm.record(method, 401, ResponseSource.AUTH_REJECTED, System.nanoTime() - start, RouteMetrics.NO_UPSTREAM, body.length, out, null, trace);
                return;
            }
            ConsumerSettings c = ((ApiKeyAuth.Accepted) outcome).consumer();
            consumer = consumerHandles.get(c.id());
            if (!limiters.get(c.id()).tryAcquire(start)) {
                rm.rateLimited();
                long out = send(exchange, 429, "{\"error\":\"rate limit exceeded\"}");
                rm.record(method, 429, ResponseSource.RATE_LIMITED, System.nanoTime() - start, RouteMetrics.NO_UPSTREAM,
                        body.length, out, consumer, trace);
                return;
            }
        }
        String target = route.upstreamUrl() + exchange.getRequestURI().getRawPath()
                + (exchange.getRequestURI().getRawQuery() == null ? "" : "?" + exchange.getRequestURI().getRawQuery());
        boolean cacheable = route.cache() != null && method == HttpMethod.GET;
        if (cacheable) {
            ResponseCache.Entry hit = route.cache().get(target, start);
            if (hit != null) {
                long out = send(exchange, hit.status(), hit.contentType(), hit.body());
                rm.record(method, hit.status(), ResponseSource.GATEWAY, System.nanoTime() - start, RouteMetrics.NO_UPSTREAM,
                        body.length, out, consumer, trace);
                return;
            }
        }
        if (!route.breaker().allow(start)) {
            long out = send(exchange, 503, "{\"error\":\"circuit open\"}");
            rm.record(method, 503, ResponseSource.UPSTREAM_UNREACHABLE, System.nanoTime() - start, RouteMetrics.NO_UPSTREAM,
                    body.length, out, consumer, trace);
            return;
        }
        forward(exchange, route, rm, method, body, target, cacheable, consumer, trace, start);
    }

    private void forward(HttpExchange exchange, Router.Route route, RouteMetrics rm, HttpMethod method, byte[] body,
                         String target, boolean cacheable, RouteMetrics.Consumer consumer, TraceContext trace, long start)
            throws IOException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(target)).timeout(timeout)
                .method(method == HttpMethod.OTHER ? "GET" : method.name(),
                        body.length == 0 ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        request.header(TraceParent.HEADER, trace.traceparent());
        String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        long upstreamStart = System.nanoTime();
        HttpResponse<byte[]> response;
        try {
            response = client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException | IllegalArgumentException e) {
            route.breaker().failure(System.nanoTime());
            // the trace id lets an operator find this request's trace; the URL and the error are the gateway's own
            LOG.atWarn().addKeyValue("service", rm.service()).addKeyValue("route", rm.route())
                    .addKeyValue("upstream", route.settings().upstream()).addKeyValue("error", e.getClass().getSimpleName())
                    .addKeyValue("trace_id", trace.traceId()).log("upstream unreachable");
            long out = send(exchange, 502, "{\"error\":\"upstream unreachable\"}");
            rm.record(method, 502, ResponseSource.UPSTREAM_UNREACHABLE, System.nanoTime() - start, RouteMetrics.NO_UPSTREAM,
                    body.length, out, consumer, trace);
            return;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
        long upstreamNanos = System.nanoTime() - upstreamStart;
        int status = response.statusCode();
        if (status >= 500) {
            route.breaker().failure(System.nanoTime());
        } else {
            route.breaker().success();
        }
        String type = response.headers().firstValue("Content-Type").orElse("application/octet-stream");
        if (cacheable && status == 200) {
            route.cache().put(target, status, type, response.body(), System.nanoTime());
        }
        long out = send(exchange, status, type, response.body());
        rm.record(method, status, ResponseSource.UPSTREAM, System.nanoTime() - start, upstreamNanos, body.length, out, consumer, trace);
    }

    private static byte[] readBody(InputStream in) throws IOException {
        byte[] body = in.readNBytes(MAX_BODY + 1);
        return body.length > MAX_BODY ? null : body;
    }

    private static long send(HttpExchange exchange, int status, String json) {
        return send(exchange, status, "application/json", json.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Answers the client; returns the body bytes that reached it. A client that went away while
     * being answered still gets its request recorded (with what was sent), as every gateway
     * counts abandoned requests: the write error ends here instead of skipping the record.
     */
    private static long send(HttpExchange exchange, int status, String contentType, byte[] body) {
        try {
            exchange.getResponseHeaders().set("Content-Type", contentType);
            exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
            if (body.length > 0) {
                exchange.getResponseBody().write(body);
            }
            return body.length;
        } catch (IOException clientGone) {
            return 0;
        }
    }
}
