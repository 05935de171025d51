package io.gatewatch.testing.datadog;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.zip.GZIPInputStream;
import javax.net.ssl.SSLContext;

/**
 * A local stand-in for Datadog's {@code POST /api/v2/series} that checks what the real one
 * checks: the {@code DD-API-KEY} header, gzip encoding, a body of at most 512,000 bytes that
 * inflates to under 5 MiB, and the JSON shape of the series. It answers with a scripted status
 * ({@code 202 400 403 429 500 503}), hangs until released or closed, drips a {@code 202} a byte
 * at a time, or redirects elsewhere. Listens on 127.0.0.1 and a free port, over plain HTTP or HTTPS.
 */
public final class FakeIntake implements AutoCloseable {
    public static final int MAX_BODY = 512_000;
    public static final int MAX_INFLATED = 5 * 1024 * 1024;

    /** How the intake answers a well-formed request with the right key. */
    public enum Answer {
        ACCEPT, BAD_REQUEST, FORBIDDEN, RATE_LIMITED, SERVER_ERROR, UNAVAILABLE, HANG,
        /**
         * {@code 202} with {@code Content-Length: 100000}, then one byte every {@link #DRIP_EVERY_MILLIS}
         * until the client goes away, the intake is released or closed: per-read time-outs never fire.
         */
        DRIP,
        /** {@code 307} to {@link #redirectTo(String)}'s address, same path. */
        REDIRECT
    }

    /** The pace of {@link Answer#DRIP}. */
    public static final long DRIP_EVERY_MILLIS = 500;
    /** The length a {@link Answer#DRIP} answer announces. */
    public static final int DRIP_LENGTH = 100_000;

    /** One request as it arrived, and its answer's status (0 for one left hanging). */
    public record Request(String uri, String apiKey, String contentEncoding, String contentType, int bodyBytes,
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
    private volatile CountDownLatch release = new CountDownLatch(1);
    private final Deque<Answer> script = new ArrayDeque<>();
    private volatile Answer answer = Answer.ACCEPT;
    private volatile String retryAfter = "3";
    private volatile String redirectTo;
    public final List<Request> requests = new CopyOnWriteArrayList<>();
    /** Anything the real intake would have refused although we meant to send it well. */
    public final List<String> violations = new CopyOnWriteArrayList<>();

    public FakeIntake(String apiKey) throws IOException {
        this(apiKey, null);
    }

    /** An intake over HTTPS with the given server context (for certificate failures), or plain HTTP when null. */
    public FakeIntake(String apiKey, SSLContext tls) throws IOException {
        this.apiKey = apiKey;
        InetSocketAddress loopback = new InetSocketAddress("127.0.0.1", 0);
        if (tls == null) {
            server = HttpServer.create(loopback, 0);
        } else {
            HttpsServer https = HttpsServer.create(loopback, 0);
            https.setHttpsConfigurator(new HttpsConfigurator(tls));
            server = https;
        }
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    public String baseUrl() {
        return (server instanceof HttpsServer ? "https" : "http") + "://127.0.0.1:" + server.getAddress().getPort();
    }

    /** The answer to every request from now on (after any scripted ones). */
    public void answer(Answer a) {
        answer = a;
    }

    /** Answers for the next requests, in order; then {@link #answer(Answer)} applies again. */
    public synchronized void script(Answer... answers) {
        script.addAll(List.of(answers));
    }

    /** Lets every hanging request end (without an answer: the connection closes). */
    public void releaseHanging() {
        CountDownLatch old = release;
        release = new CountDownLatch(1);
        old.countDown();
    }

    /** The {@code Retry-After} of a 429, in seconds (3 unless set). */
    public void retryAfterSeconds(int seconds) {
        retryAfter = String.valueOf(seconds);
    }

    /** The {@code Retry-After} header of a 429 as sent, any text (a huge number, a date, garbage). */
    public void retryAfter(String header) {
        retryAfter = header;
    }

    /** Where {@link Answer#REDIRECT} sends clients: a base URL such as {@code http://127.0.0.1:4711}. */
    public void redirectTo(String baseUrl) {
        redirectTo = baseUrl;
    }

    /** Every series the intake accepted (202), in arrival order. */
    public List<JsonNode> acceptedSeries() {
        List<JsonNode> out = new ArrayList<>();
        for (Request r : requests) {
            if (r.status() == 202) {
                out.addAll(r.series());
            }
        }
        return out;
    }

    /**
     * The sum of the accepted points of one metric over the series whose tags pass the filter
     * (for counts: everything delivered).
     */
    public double acceptedSum(String metric, Predicate<Set<String>> tags) {
        double sum = 0;
        for (JsonNode s : acceptedSeries()) {
            if (!s.path("metric").asText().equals(metric)) {
                continue;
            }
            Set<String> t = new HashSet<>();
            s.path("tags").forEach(n -> t.add(n.asText()));
            if (tags.test(t)) {
                for (JsonNode p : s.path("points")) {
                    sum += p.path("value").asDouble();
                }
            }
        }
        return sum;
    }

    /** How many requests were answered with this status (0 for the ones left hanging). */
    public long answered(int status) {
        return requests.stream().filter(r -> r.status() == status).count();
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
                respond(ex, new Request(uri, key, encoding, type, body.length, -1, 404, List.of()), "Not found");
                return;
            }
            if (!apiKey.equals(key)) {
                respond(ex, new Request(uri, key, encoding, type, body.length, -1, 403, List.of()), "Forbidden");
                return;
            }
            Answer a = nextAnswer();
            if (a == Answer.HANG) {
                requests.add(new Request(uri, key, encoding, type, body.length, -1, 0, List.of()));
                release.await(60, TimeUnit.SECONDS);
                return;
            }
            if (a == Answer.DRIP) {
                requests.add(new Request(uri, key, encoding, type, body.length, -1, 0, List.of()));
                drip(ex);
                return;
            }
            if (a == Answer.REDIRECT) {
                requests.add(new Request(uri, key, encoding, type, body.length, -1, 307, List.of()));
                ex.getResponseHeaders().add("Location", redirectTo + ex.getRequestURI().getPath());
                ex.sendResponseHeaders(307, -1);
                return;
            }
            if (a != Answer.ACCEPT) {
                refuse(ex, a, new Request(uri, key, encoding, type, body.length, -1, status(a), List.of()));
                return;
            }
            accept(ex, new Request(uri, key, encoding, type, body.length, -1, 0, List.of()), body);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            violations.add("intake failed: " + e);
            throw e;
        }
    }

    private static int status(Answer a) {
        return switch (a) {
            case BAD_REQUEST -> 400;
            case FORBIDDEN -> 403;
            case RATE_LIMITED -> 429;
            case SERVER_ERROR -> 500;
            case UNAVAILABLE -> 503;
            case ACCEPT -> 202;
            case HANG, DRIP -> 0;
            case REDIRECT -> 307;
        };
    }

    private void refuse(HttpExchange ex, Answer a, Request r) throws IOException {
        String error = switch (a) {
            case BAD_REQUEST -> "Invalid metric name: 'gateway requests' is not allowed";
            case FORBIDDEN -> "Forbidden";
            case RATE_LIMITED -> "Too many requests";
            case SERVER_ERROR -> "Internal error";
            default -> "Service unavailable";
        };
        if (a == Answer.RATE_LIMITED) {
            ex.getResponseHeaders().add("Retry-After", retryAfter);
        }
        respond(ex, r, error);
    }

    /** A 202 that never ends in time: a space (valid JSON padding) every half second. */
    private void drip(HttpExchange ex) throws IOException, InterruptedException {
        ex.getResponseHeaders().add("Content-Type", "application/json");
        ex.sendResponseHeaders(202, DRIP_LENGTH);
        OutputStream os = ex.getResponseBody();
        CountDownLatch released = release;
        try {
            for (int i = 0; i < DRIP_LENGTH; i++) {
                os.write(' ');
                os.flush();
                if (released.await(DRIP_EVERY_MILLIS, TimeUnit.MILLISECONDS)) {
                    return;
                }
            }
        } catch (IOException gone) {
            // the client cut the connection: what a deadline should do
        }
    }

    /** A request the script lets through: answered 202 if the real intake would take it. */
    private void accept(HttpExchange ex, Request arrived, byte[] body) throws IOException {
        String problem = null;
        byte[] inflated = null;
        if (!"gzip".equals(arrived.contentEncoding())) {
            problem = "expected Content-Encoding: gzip, got " + arrived.contentEncoding();
        } else if (arrived.contentType() == null || !arrived.contentType().startsWith("application/json")) {
            problem = "expected Content-Type: application/json, got " + arrived.contentType();
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
            problem = SeriesPayloadRules.check(json.readTree(inflated), series);
        }
        int inflatedBytes = inflated == null ? -1 : inflated.length;
        if (problem != null) {
            violations.add(problem);
            int status = problem.contains("larger") || problem.contains("inflates") ? 413 : 400;
            respond(ex, with(arrived, inflatedBytes, status, List.of()), problem);
            return;
        }
        respond(ex, with(arrived, inflatedBytes, 202, series), null);
    }

    private static Request with(Request r, int inflatedBytes, int status, List<JsonNode> series) {
        return new Request(r.uri(), r.apiKey(), r.contentEncoding(), r.contentType(), r.bodyBytes(), inflatedBytes,
                status, series);
    }

    private static byte[] inflate(byte[] gz) throws IOException {
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(gz))) {
            byte[] out = readAll(in, MAX_INFLATED);
            return out.length >= MAX_INFLATED ? null : out;
        }
    }

    /** Reads to the end, keeping at most {@code limit} bytes: the client must still be able to finish sending. */
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

    /** Records the request and answers its status with Datadog's error document ({@code errors} empty when null). */
    private void respond(HttpExchange ex, Request r, String error) throws IOException {
        requests.add(r);
        String body = "{\"errors\":[" + (error == null ? "" : json.writeValueAsString(error)) + "]}";
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().add("Content-Type", "application/json");
        ex.sendResponseHeaders(r.status(), bytes.length);
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
