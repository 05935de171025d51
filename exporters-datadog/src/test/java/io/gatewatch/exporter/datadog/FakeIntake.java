package io.gatewatch.exporter.datadog;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;

/**
 * A local stand-in for Datadog's {@code POST /api/v2/series} that checks what the real one
 * checks: the {@code DD-API-KEY} header, gzip encoding, a body of at most 512,000 bytes that
 * inflates to under 5 MiB, and the JSON shape of the series. It answers with a scripted status
 * ({@code 202 400 403 429 500}) or hangs until closed.
 */
final class FakeIntake implements AutoCloseable {
    static final int MAX_BODY = 512_000;
    static final int MAX_INFLATED = 5 * 1024 * 1024;
    private static final Set<Integer> TYPES = Set.of(0, 1, 2, 3);

    enum Answer { ACCEPT, BAD_REQUEST, FORBIDDEN, RATE_LIMITED, SERVER_ERROR, HANG }

    /** One request as it arrived, and what it was answered. */
    record Request(String uri, String apiKey, String contentEncoding, String contentType, int bodyBytes,
                   int inflatedBytes, int status, List<JsonNode> series) {
    }

    private final String apiKey;
    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "fake-intake");
        t.setDaemon(true);
        return t;
    });
    private final ObjectMapper json = new ObjectMapper();
    private final CountDownLatch release = new CountDownLatch(1);
    private final Deque<Answer> script = new ArrayDeque<>();
    private volatile Answer answer = Answer.ACCEPT;
    private volatile int retryAfterSeconds = 3;
    final List<Request> requests = new CopyOnWriteArrayList<>();
    /** Anything the real intake would have refused although we meant to send it well. */
    final List<String> violations = new CopyOnWriteArrayList<>();

    FakeIntake(String apiKey) throws IOException {
        this.apiKey = apiKey;
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** The answer to every request from now on (after any scripted ones). */
    void answer(Answer a) {
        answer = a;
    }

    /** Answers for the next requests, in order; then {@link #answer(Answer)} applies again. */
    synchronized void script(Answer... answers) {
        script.addAll(List.of(answers));
    }

    void retryAfterSeconds(int seconds) {
        retryAfterSeconds = seconds;
    }

    /** Every series the intake accepted (202), in arrival order. */
    List<JsonNode> acceptedSeries() {
        List<JsonNode> out = new ArrayList<>();
        for (Request r : requests) {
            if (r.status() == 202) {
                out.addAll(r.series());
            }
        }
        return out;
    }

    private synchronized Answer nextAnswer() {
        Answer scripted = script.pollFirst();
        return scripted != null ? scripted : answer;
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            String uri = ex.getRequestURI().toString();
            String key = ex.getRequestHeaders().getFirst("DD-API-KEY");
            String encoding = ex.getRequestHeaders().getFirst("Content-Encoding");
            String type = ex.getRequestHeaders().getFirst("Content-Type");
            byte[] body = readAll(ex.getRequestBody(), MAX_BODY + 1);
            if (!ex.getRequestMethod().equals("POST") || !ex.getRequestURI().getPath().equals("/api/v2/series")
                    || ex.getRequestURI().getRawQuery() != null) {
                violations.add("unexpected request " + ex.getRequestMethod() + " " + uri);
                respond(ex, new Request(uri, key, encoding, type, body.length, -1, 404, List.of()), 404, "{\"errors\":[\"Not found\"]}");
                return;
            }
            if (!apiKey.equals(key)) {
                respond(ex, new Request(uri, key, encoding, type, body.length, -1, 403, List.of()), 403, "{\"errors\":[\"Forbidden\"]}");
                return;
            }
            Answer a = nextAnswer();
            switch (a) {
                case HANG -> {
                    requests.add(new Request(uri, key, encoding, type, body.length, -1, 0, List.of()));
                    release.await(30, TimeUnit.SECONDS);
                    return;
                }
                case FORBIDDEN -> {
                    respond(ex, new Request(uri, key, encoding, type, body.length, -1, 403, List.of()), 403, "{\"errors\":[\"Forbidden\"]}");
                    return;
                }
                case RATE_LIMITED -> {
                    ex.getResponseHeaders().add("Retry-After", String.valueOf(retryAfterSeconds));
                    respond(ex, new Request(uri, key, encoding, type, body.length, -1, 429, List.of()), 429, "{\"errors\":[\"Too many requests\"]}");
                    return;
                }
                case SERVER_ERROR -> {
                    respond(ex, new Request(uri, key, encoding, type, body.length, -1, 500, List.of()), 500, "{\"errors\":[\"Internal error\"]}");
                    return;
                }
                case BAD_REQUEST -> {
                    respond(ex, new Request(uri, key, encoding, type, body.length, -1, 400, List.of()), 400,
                            "{\"errors\":[\"Invalid metric name: 'gateway requests' is not allowed\"]}");
                    return;
                }
                default -> {
                }
            }
            String problem = null;
            byte[] inflated = null;
            if (!"gzip".equals(encoding)) {
                problem = "expected Content-Encoding: gzip, got " + encoding;
            } else if (type == null || !type.startsWith("application/json")) {
                problem = "expected Content-Type: application/json, got " + type;
            } else if (body.length > MAX_BODY) {
                problem = "request body larger than " + MAX_BODY + " bytes";
            } else {
                inflated = inflate(body);
                if (inflated == null) {
                    problem = "body inflates to 5 MiB or more";
                }
            }
            List<JsonNode> series = new ArrayList<>();
            if (problem == null) {
                problem = validate(json.readTree(inflated), series);
            }
            if (problem != null) {
                violations.add(problem);
                int status = problem.contains("larger") || problem.contains("inflates") ? 413 : 400;
                respond(ex, new Request(uri, key, encoding, type, body.length, inflated == null ? -1 : inflated.length,
                        status, List.of()), status, "{\"errors\":[" + json.writeValueAsString(problem) + "]}");
                return;
            }
            respond(ex, new Request(uri, key, encoding, type, body.length, inflated.length, 202, series), 202, "{\"errors\":[]}");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            violations.add("intake failed: " + e);
            throw e;
        }
    }

    /** The checks of the v2 series schema that matter for what we send. */
    private static String validate(JsonNode root, List<JsonNode> out) {
        JsonNode series = root.get("series");
        if (series == null || !series.isArray() || series.isEmpty()) {
            return "payload must have a non-empty series array";
        }
        for (JsonNode s : series) {
            if (!s.path("metric").isTextual() || s.path("metric").asText().isEmpty()) {
                return "series without metric name: " + s;
            }
            if (!s.path("type").isInt() || !TYPES.contains(s.path("type").asInt())) {
                return "type must be 0..3: " + s;
            }
            JsonNode points = s.path("points");
            if (!points.isArray() || points.isEmpty()) {
                return "series without points: " + s;
            }
            for (JsonNode p : points) {
                if (!p.path("timestamp").canConvertToLong() || !p.path("value").isNumber()) {
                    return "point needs integer timestamp and numeric value: " + p;
                }
            }
            if (s.has("tags") && !s.get("tags").isArray()) {
                return "tags must be an array";
            }
            if (s.path("type").asInt() == 1 && !s.path("interval").canConvertToLong()) {
                return "count without interval: " + s;
            }
            for (JsonNode r : s.path("resources")) {
                if (!r.path("name").isTextual() || !r.path("type").isTextual()) {
                    return "resource needs name and type: " + r;
                }
            }
            out.add(s);
        }
        return null;
    }

    private static byte[] inflate(byte[] gz) throws IOException {
        try (InputStream in = new GZIPInputStream(new java.io.ByteArrayInputStream(gz))) {
            byte[] out = readAll(in, MAX_INFLATED);
            return out.length >= MAX_INFLATED ? null : out;
        }
    }

    private static byte[] readAll(InputStream in, int limit) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[16384];
        int n;
        while ((n = in.read(buf)) > 0) {
            if (out.size() < limit) {
                out.write(buf, 0, Math.min(n, limit - out.size()));
            }
        }
        return out.toByteArray();
    }

    private void respond(HttpExchange ex, Request r, int status, String body) throws IOException {
        requests.add(r);
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().add("Content-Type", "application/json");
        ex.sendResponseHeaders(status, bytes.length);
        try (OutputStream os = ex.getResponseBody()) {
            os.write(bytes);
        }
    }

    @Override
    public void close() {
        release.countDown();
        server.stop(0);
        executor.shutdownNow();
    }
}
