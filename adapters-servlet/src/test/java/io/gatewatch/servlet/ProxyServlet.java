package io.gatewatch.servlet;

import io.gatewatch.api.ResponseSource;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * The tests' gateway: a small proxy servlet that picks a route by path prefix, labels the request
 * through {@link GatewatchRequest} and relays it to a loopback upstream, synchronously or async.
 */
final class ProxyServlet extends HttpServlet {
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final String upstream;
    private final String unreachable;

    ProxyServlet(String upstream, int closedPort) {
        this.upstream = upstream;
        this.unreachable = "http://127.0.0.1:" + closedPort;
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws ServletException, IOException {
        String path = request.getPathInfo() == null ? "/" : request.getPathInfo();
        GatewatchRequest gw = GatewatchRequest.of(request);
        String consumer = request.getHeader("X-Consumer");   // stands in for the gateway's authentication
        if (consumer != null) {
            gw.consumer(consumer);
        }
        if (path.startsWith("/users")) {
            relay(gw.route("users-api", "users"), request, response, upstream + path);
        } else if (path.startsWith("/kept")) {
            relay(gw.route("users-api", "kept"), request, response, upstream + "/users" + path.substring("/kept".length()));
        } else if (path.startsWith("/async/users")) {
            relayAsync(gw.route("users-api", "users-async"), request, response, upstream + path.substring("/async".length()));
        } else if (path.startsWith("/events")) {
            relay(gw.route("events-api", "events"), request, response, upstream + path);
        } else if (path.startsWith("/hanging")) {
            relay(gw.route("files-api", "stalled"), request, response, upstream + path);
        } else if (path.startsWith("/down")) {
            relay(gw.route("down-api", "down"), request, response, unreachable + path);
        } else if (path.startsWith("/limited")) {
            gw.route("users-api", "limited").source(ResponseSource.RATE_LIMITED);
            response.sendError(429);
        } else if (path.startsWith("/crash")) {
            throw new ServletException("the gateway's own failure");
        } else {
            response.sendError(404);
        }
    }

    private void relay(GatewatchRequest gw, HttpServletRequest request, HttpServletResponse response, String url)
            throws IOException {
        byte[] body = request.getInputStream().readAllBytes();
        gw.upstreamStarted();
        HttpResponse<InputStream> answer;
        try {
            answer = client.send(upstreamRequest(request, url, body), HttpResponse.BodyHandlers.ofInputStream());
        } catch (IOException refused) {
            gw.upstreamFailed();
            response.sendError(502);
            return;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            gw.upstreamFailed();
            response.sendError(503);
            return;
        }
        response.setStatus(answer.statusCode());
        answer.headers().firstValue("content-type").ifPresent(response::setContentType);
        answer.headers().firstValueAsLong("content-length").ifPresent(response::setContentLengthLong);
        try (InputStream in = answer.body()) {
            OutputStream out = response.getOutputStream();
            byte[] buffer = new byte[8192];
            int n;
            while ((n = in.read(buffer)) >= 0) {
                out.write(buffer, 0, n);
                out.flush();   // relay as it comes: streams reach the client as the upstream sends them
            }
        }
        gw.upstreamAnswered();
    }

    private void relayAsync(GatewatchRequest gw, HttpServletRequest request, HttpServletResponse response, String url)
            throws IOException {
        byte[] body = request.getInputStream().readAllBytes();
        AsyncContext async = request.startAsync();
        gw.upstreamStarted();
        client.sendAsync(upstreamRequest(request, url, body), HttpResponse.BodyHandlers.ofByteArray())
                .whenComplete((answer, failure) -> {
                    try {
                        if (failure != null) {
                            gw.upstreamFailed();
                            response.sendError(502);
                        } else {
                            gw.upstreamAnswered();
                            response.setStatus(answer.statusCode());
                            response.setContentLength(answer.body().length);
                            response.getOutputStream().write(answer.body());
                        }
                    } catch (IOException clientGone) {
                        // nothing more to send
                    } finally {
                        async.complete();
                    }
                });
    }

    private static HttpRequest upstreamRequest(HttpServletRequest request, String url, byte[] body) {
        return HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                .method(request.getMethod(), body.length == 0 ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
    }
}
