package io.gatewatch.netty;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import io.gatewatch.Gatewatch;
import io.gatewatch.testing.Ports;
import io.gatewatch.testing.prometheus.PrometheusText;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.util.Version;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The adapter inside a real Netty HTTP proxy in front of a real Netty upstream on loopback, driven
 * by a keep-alive client and raw sockets; every count is read from /metrics on the status listener.
 */
class NettyAdapterTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static EventLoopGroup group;
    private static TestUpstream upstream;
    private static Gatewatch gatewatch;
    private static TestProxy proxy;
    private static int statusPort;
    private static final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll
    static void start() throws Exception {
        group = new NioEventLoopGroup(2);
        upstream = new TestUpstream(group, 0);
        statusPort = Ports.free();
        gatewatch = Gatewatch.builder().config(ConfigFactory.parseString(
                "gatewatch { shutdown-hook = false, status.drain-delay = 0s, metrics.jvm = false }\n"
                        + "gatewatch.status { host = \"127.0.0.1\", port = " + statusPort + " }",
                ConfigParseOptions.defaults().setOriginDescription("test.conf"))).start();
        GatewatchNetty recording = GatewatchNetty.create(gatewatch);
        URI up = URI.create("http://127.0.0.1:" + upstream.port());
        URI nobody = URI.create("http://127.0.0.1:" + Ports.free());
        proxy = new TestProxy(group, 0, recording, List.of(
                TestProxy.route(recording, "/users", "users", up, Map.of("service", "users-api")),
                TestProxy.route(recording, "/down", "down", nobody, Map.of())));
    }

    @AfterAll
    static void stop() {
        proxy.close();
        upstream.close();
        gatewatch.close();
        group.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS).syncUninterruptibly();
    }

    @AfterEach
    void nothingLeftInFlight() {
        await().atMost(WAIT).until(() -> metrics().sum("gateway_requests_in_flight") == 0);
    }

    @Test
    void runsOnTheExpectedNettyLine() {
        String expected = System.getProperty("expected.netty.line");
        String running = Version.identify().get("netty-codec-http").artifactVersion();
        System.out.println("Netty under test: " + running);
        assertThat(running).startsWith(expected + ".");
    }

    @Test
    void keepAliveRequestsCountWithTheirRouteStatusAndBytes() throws Exception {
        PrometheusText before = metrics();
        long bodies = 0;
        for (int i = 0; i < 10; i++) {
            HttpResponse<byte[]> r = send(HttpRequest.newBuilder(proxyUri("/users/" + i)).GET());
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(new String(r.body(), StandardCharsets.US_ASCII)).isEqualTo(TestUpstream.body("GET", "/users/" + i, 0));
            bodies += r.body().length;
        }
        byte[] payload = new byte[100];
        for (int i = 0; i < 3; i++) {
            HttpResponse<byte[]> r = send(HttpRequest.newBuilder(proxyUri("/users/post"))
                    .POST(HttpRequest.BodyPublishers.ofByteArray(payload)));
            assertThat(new String(r.body(), StandardCharsets.US_ASCII)).isEqualTo(TestUpstream.body("POST", "/users/post", 100));
            bodies += r.body().length;
        }
        long expectedBodies = bodies;
        String[] users = {"service", "users-api", "route", "users"};
        awaitDelta(before, 13, "gateway_request_duration_seconds_count", users);
        PrometheusText after = metrics();
        assertThat(delta(before, after, "gateway_requests_total", "service", "users-api", "route", "users",
                "method", "GET", "status", "200", "source", "upstream")).isEqualTo(10);
        assertThat(delta(before, after, "gateway_requests_total", "service", "users-api", "route", "users",
                "method", "POST", "status", "200", "source", "upstream")).isEqualTo(3);
        assertThat(delta(before, after, "gateway_request_bytes_total", users)).isEqualTo(300);
        assertThat(delta(before, after, "gateway_response_bytes_total", users)).isEqualTo(expectedBodies);
        assertThat(delta(before, after, "gateway_upstream_duration_seconds_count", users)).isEqualTo(13);
        assertThat(delta(before, after, "gateway_overhead_duration_seconds_count", users)).isEqualTo(13);
    }

    @Test
    void aRequestNoRouteTakesIsCountedAsNoRoute() throws Exception {
        PrometheusText before = metrics();
        for (int i = 0; i < 3; i++) {
            HttpResponse<byte[]> r = send(HttpRequest.newBuilder(proxyUri("/nowhere/" + i)).GET());
            assertThat(r.statusCode()).isEqualTo(404);
        }
        String[] noRoute = {"service", "gateway", "route", "no_route", "method", "GET", "status", "404", "source", "no_route"};
        awaitDelta(before, 3, "gateway_requests_total", noRoute);
        PrometheusText after = metrics();
        assertThat(delta(before, after, "gateway_response_bytes_total", "service", "gateway", "route", "no_route"))
                .isEqualTo(3 * "no route".length());
        assertThat(delta(before, after, "gateway_upstream_duration_seconds_count", "route", "no_route")).isZero();
    }

    @Test
    void aRefusedUpstreamIsUnreachableAndItsAttemptIsUpstreamTime() throws Exception {
        PrometheusText before = metrics();
        for (int i = 0; i < 2; i++) {
            HttpResponse<byte[]> r = send(HttpRequest.newBuilder(proxyUri("/down/" + i)).GET());
            assertThat(r.statusCode()).isEqualTo(502);
        }
        // no service declared: the upstream URI's host is the service
        String[] down = {"service", "127.0.0.1", "route", "down"};
        awaitDelta(before, 2, "gateway_requests_total", "service", "127.0.0.1", "route", "down",
                "method", "GET", "status", "502", "source", "upstream_unreachable");
        PrometheusText after = metrics();
        assertThat(delta(before, after, "gateway_upstream_duration_seconds_count", down)).isEqualTo(2);
        assertThat(delta(before, after, "gateway_upstream_duration_seconds_sum", down)).isPositive();
        assertThat(delta(before, after, "gateway_response_bytes_total", down)).isEqualTo(2 * "upstream unreachable".length());
    }

    @Test
    void aStreamedResponseIsTimedToItsLastByte() throws Exception {
        PrometheusText before = metrics();
        HttpResponse<byte[]> r = send(HttpRequest.newBuilder(proxyUri("/users/stream")).GET());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).hasSize(TestUpstream.CHUNKS * TestUpstream.CHUNK.length());
        String[] users = {"service", "users-api", "route", "users"};
        awaitDelta(before, 1, "gateway_request_duration_seconds_count", users);
        PrometheusText after = metrics();
        // the last chunk leaves the upstream CHUNKS gaps after the head: both clocks run until then
        double streamed = (TestUpstream.CHUNKS * TestUpstream.CHUNK_GAP_MS) / 1000.0;
        assertThat(delta(before, after, "gateway_request_duration_seconds_sum", users)).isGreaterThanOrEqualTo(streamed * 0.9);
        assertThat(delta(before, after, "gateway_upstream_duration_seconds_sum", users)).isGreaterThanOrEqualTo(streamed * 0.9);
        assertThat(delta(before, after, "gateway_response_bytes_total", users)).isEqualTo(r.body().length);
        assertThat(delta(before, after, "gateway_requests_total", "route", "users", "status", "200", "source", "upstream"))
                .isEqualTo(1);
    }

    @Test
    void pipelinedRequestsAreAnsweredInOrderAndCountedOnOneConnection() throws Exception {
        PrometheusText before = metrics();
        String text;
        try (Socket socket = connect()) {
            String requests = "GET /users/p1 HTTP/1.1\r\nHost: a\r\n\r\n"
                    + "GET /nowhere/p2 HTTP/1.1\r\nHost: a\r\n\r\n"
                    + "GET /users/p3 HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n";
            socket.getOutputStream().write(requests.getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            text = new String(socket.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
        }
        int first = text.indexOf(TestUpstream.body("GET", "/users/p1", 0));
        int second = text.indexOf("no route");
        int third = text.indexOf(TestUpstream.body("GET", "/users/p3", 0));
        assertThat(first).isPositive();
        assertThat(second).isGreaterThan(first);
        assertThat(third).isGreaterThan(second);
        awaitDelta(before, 1, "gateway_connections_closed_total", "listener", "http");
        PrometheusText after = metrics();
        assertThat(delta(before, after, "gateway_requests_total", "route", "users", "status", "200", "source", "upstream"))
                .isEqualTo(2);
        assertThat(delta(before, after, "gateway_requests_total", "route", "no_route", "status", "404", "source", "no_route"))
                .isEqualTo(1);
        assertThat(delta(before, after, "gateway_connections_opened_total", "listener", "http")).isEqualTo(1);
    }

    @Test
    void anInterimContinueIsNotTheResponse() throws Exception {
        PrometheusText before = metrics();
        String body = "x".repeat(40);
        try (Socket socket = connect()) {
            OutputStream out = socket.getOutputStream();
            out.write(("POST /users/continue HTTP/1.1\r\nHost: a\r\nContent-Length: 40\r\nExpect: 100-continue\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            assertThat(readUntil(socket.getInputStream(), "\r\n\r\n")).startsWith("HTTP/1.1 100 Continue");
            assertThat(exchange(socket, body)).isEqualTo(TestUpstream.body("POST", "/users/continue", 40));
        }
        String[] users = {"service", "users-api", "route", "users"};
        awaitDelta(before, 1, "gateway_requests_total", "route", "users", "method", "POST", "status", "200", "source", "upstream");
        PrometheusText after = metrics();
        assertThat(delta(before, after, "gateway_requests_total", "route", "users")).isEqualTo(1);
        assertThat(delta(before, after, "gateway_request_bytes_total", users)).isEqualTo(40);
        assertThat(delta(before, after, "gateway_response_bytes_total", users))
                .isEqualTo(TestUpstream.body("POST", "/users/continue", 40).length());
    }

    @Test
    void keepAliveRequestsOnOneSocketAreOneConnection() throws Exception {
        PrometheusText before = metrics();
        try (Socket socket = connect()) {
            for (int i = 0; i < 5; i++) {
                String body = exchange(socket, "GET /users/k" + i + " HTTP/1.1\r\nHost: a\r\n\r\n");
                assertThat(body).isEqualTo(TestUpstream.body("GET", "/users/k" + i, 0));
            }
            awaitDelta(before, 5, "gateway_requests_total", "route", "users", "status", "200");
            PrometheusText open = metrics();
            assertThat(delta(before, open, "gateway_connections_opened_total", "listener", "http")).isEqualTo(1);
            assertThat(delta(before, open, "gateway_connections_active", "listener", "http")).isEqualTo(1);
        }
        awaitDelta(before, 1, "gateway_connections_closed_total", "listener", "http");
        PrometheusText after = metrics();
        assertThat(delta(before, after, "gateway_connections_active", "listener", "http")).isZero();
        assertThat(delta(before, after, "gateway_connection_duration_seconds_count", "listener", "http")).isEqualTo(1);
        assertThat(delta(before, after, "gateway_connections_opened_total", "listener", "http")).isEqualTo(1);
    }

    @Test
    void aClientThatLeavesBeforeTheAnswerIsCountedOnce() throws Exception {
        PrometheusText before = metrics();
        try (Socket socket = connect()) {
            socket.getOutputStream().write("GET /users/slow HTTP/1.1\r\nHost: a\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            await().atMost(WAIT).until(() -> metrics().sum("gateway_requests_in_flight") == 1);
        }
        String[] gone = {"route", "users", "method", "GET", "status", "499", "source", "gateway"};
        awaitDelta(before, 1, "gateway_requests_total", gone);
        // the upstream still answers later, into a closed connection: still one request
        await().during(Duration.ofMillis(TestUpstream.SLOW_MS + 300)).atMost(WAIT)
                .until(() -> delta(before, metrics(), "gateway_requests_total", "route", "users") == 1);
        assertThat(delta(before, metrics(), "gateway_response_bytes_total", "route", "users")).isZero();
    }

    @Test
    void aClientThatLeavesMidStreamIsCountedOnceWithTheBytesWritten() throws Exception {
        PrometheusText before = metrics();
        try (Socket socket = connect()) {
            socket.getOutputStream().write("GET /users/stream HTTP/1.1\r\nHost: a\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            readUntil(socket.getInputStream(), TestUpstream.CHUNK);
        }
        String[] streamed = {"route", "users", "method", "GET", "status", "200", "source", "upstream"};
        awaitDelta(before, 1, "gateway_requests_total", streamed);
        int whole = TestUpstream.CHUNKS * TestUpstream.CHUNK.length();
        await().during(Duration.ofMillis((long) TestUpstream.CHUNKS * TestUpstream.CHUNK_GAP_MS + 200)).atMost(WAIT)
                .until(() -> delta(before, metrics(), "gateway_requests_total", "route", "users") == 1);
        double bytes = delta(before, metrics(), "gateway_response_bytes_total", "route", "users");
        assertThat(bytes).isGreaterThanOrEqualTo(TestUpstream.CHUNK.length()).isLessThan(whole);
    }

    // --- client side

    private static URI proxyUri(String path) {
        return URI.create("http://127.0.0.1:" + proxy.port() + path);
    }

    private static HttpResponse<byte[]> send(HttpRequest.Builder request) throws Exception {
        return client.send(request.timeout(WAIT).build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private static Socket connect() throws IOException {
        Socket socket = new Socket(InetAddress.getLoopbackAddress(), proxy.port());
        socket.setSoTimeout((int) WAIT.toMillis());
        return socket;
    }

    /** Writes one request and reads its response's body (by its Content-Length). */
    private static String exchange(Socket socket, String request) throws IOException {
        OutputStream out = socket.getOutputStream();
        out.write(request.getBytes(StandardCharsets.US_ASCII));
        out.flush();
        InputStream in = socket.getInputStream();
        String head = readUntil(in, "\r\n\r\n");
        int length = 0;
        for (String line : head.split("\r\n")) {
            if (line.toLowerCase(java.util.Locale.ROOT).startsWith("content-length:")) {
                length = Integer.parseInt(line.substring(line.indexOf(':') + 1).trim());
            }
        }
        return new String(in.readNBytes(length), StandardCharsets.US_ASCII);
    }

    private static String readUntil(InputStream in, String marker) throws IOException {
        ByteArrayOutputStream seen = new ByteArrayOutputStream();
        while (!seen.toString(StandardCharsets.US_ASCII).endsWith(marker)) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("connection closed before " + marker.replace("\r\n", "\\r\\n") + ": " + seen);
            }
            seen.write(b);
        }
        return seen.toString(StandardCharsets.US_ASCII);
    }

    // --- metrics side

    private static PrometheusText metrics() {
        return PrometheusText.scrape(statusPort);
    }

    private static double delta(PrometheusText before, PrometheusText after, String name, String... labels) {
        return after.sum(name, labels) - before.sum(name, labels);
    }

    private static void awaitDelta(PrometheusText before, double expected, String name, String... labels) {
        await().atMost(WAIT).until(() -> delta(before, metrics(), name, labels) >= expected);
        assertThat(delta(before, unchecked(), name, labels)).as(name).isEqualTo(expected);
    }

    private static PrometheusText unchecked() {
        try {
            return metrics();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
