package io.gatewatch.sample;

import static io.gatewatch.testing.gateway.SampleGatewayProcess.options;
import static org.assertj.core.api.Assertions.assertThat;

import io.gatewatch.testing.gateway.SampleGatewayProcess;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What clients can throw at the proxy leaves the metrics bounded and the probes answering. The
 * system tests add distinct consumers and made-up methods to the same million, through wrk.
 */
class BadInputIT {
    private static final int DISTINCT_PATHS = 1_000_000;
    private static final int CONNECTIONS = 4;
    private static final int PIPELINE = 64;

    @Test
    void unknownRoutesMalformedRequestsHostileHeadersAndFloodsOfDistinctPaths(@TempDir Path dir) throws Exception {
        try (SampleGatewayProcess gw = SampleGatewayProcess.start(dir, options().onlyPlugins())) {
            String seriesBefore = seriesLine(gw, "requests");

            assertThat(raw(gw.port, "GARBAGE\r\n\r\n")).startsWith("HTTP/1.1 400");
            assertThat(raw(gw.port, "GET /api/users/1 HTTP/1.1\r\nHost: x\r\nX-API-Key: alice\u0000key\u0007\r\nConnection: close\r\n\r\n"))
                    .startsWith("HTTP/1.1 401");
            assertThat(raw(gw.port, "GET /api/users/1 HTTP/1.1\r\nHost: x\r\nX-API-Key: " + "\"'<>{}\\".repeat(2000)
                    + "\r\nConnection: close\r\n\r\n")).startsWith("HTTP/1.1 401");
            assertThat(raw(gw.port, "BREW /api/flaky/1 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"))
                    .startsWith("HTTP/1.1 ");
            assertThat(gw.awaitMetric("gateway_requests_total{service=\"accounts\",route=\"users\",method=\"GET\",status=\"401\",source=\"auth\"}",
                    2, Duration.ofSeconds(30))).isEqualTo(2);
            assertThat(gw.metric("gateway_auth_failures_total{scheme=\"key-auth\",reason=\"invalid_key\"}"))
                    .as(gw.metrics().lines().filter(l -> l.startsWith("gateway_auth")).toList().toString()).isEqualTo(2);

            // distinct unknown paths, pipelined over a few keep-alive connections, while probes are asked
            AtomicLong slowestProbeMillis = new AtomicLong();
            ExecutorService pool = Executors.newFixedThreadPool(CONNECTIONS + 1);
            List<Future<Long>> senders = new ArrayList<>();
            for (int c = 0; c < CONNECTIONS; c++) {
                int first = c * (DISTINCT_PATHS / CONNECTIONS);
                senders.add(pool.submit(() -> pipelined(gw.port, first, DISTINCT_PATHS / CONNECTIONS)));
            }
            Future<?> prober = pool.submit(() -> {
                while (senders.stream().anyMatch(f -> !f.isDone())) {
                    long t0 = System.nanoTime();
                    assertThat(gw.status("/health/ready").statusCode()).isEqualTo(200);
                    slowestProbeMillis.accumulateAndGet((System.nanoTime() - t0) / 1_000_000, Math::max);
                    Thread.sleep(50);
                }
                return null;
            });
            long answered = 0;
            for (Future<Long> f : senders) {
                answered += f.get();
            }
            prober.get();
            pool.shutdown();

            assertThat(answered).isEqualTo(DISTINCT_PATHS);
            assertThat(gw.awaitMetric("gateway_requests_total{service=\"gateway\",route=\"no_route\",method=\"GET\",status=\"404\",source=\"no_route\"}",
                    DISTINCT_PATHS, Duration.ofSeconds(30))).isEqualTo(DISTINCT_PATHS);
            // unknown paths all land in the one no_route series: the request metric grew by it, not by a million
            assertThat(Integer.parseInt(seriesLine(gw, "requests"))).isLessThanOrEqualTo(Integer.parseInt(seriesBefore) + 3);
            assertThat(slowestProbeMillis.get()).as("slowest readiness probe during the flood, ms").isLessThan(1000);
            assertThat(gw.status("/health/live").statusCode()).isEqualTo(200);
            System.out.printf("%d distinct paths: slowest probe %d ms%n", DISTINCT_PATHS, slowestProbeMillis.get());
        }
    }

    private static String seriesLine(SampleGatewayProcess gw, String metric) throws Exception {
        double v = gw.metric("gatewatch_series{metric=\"" + metric + "\"}");
        return Long.toString((long) v);
    }

    /** One request on its own connection; returns the status line. */
    private static String raw(int port, String request) throws IOException {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(5000);
            s.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            byte[] head = s.getInputStream().readNBytes(12);
            return new String(head, StandardCharsets.ISO_8859_1);
        }
    }

    /** Sends {@code count} GETs of distinct paths on one keep-alive connection, {@link #PIPELINE} at a time. */
    private static long pipelined(int port, int first, int count) throws IOException {
        long answered = 0;
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(10_000);
            OutputStream out = s.getOutputStream();
            InputStream in = new BufferedInputStream(s.getInputStream(), 1 << 16);
            StringBuilder batch = new StringBuilder(PIPELINE * 64);
            for (int sent = 0; sent < count; ) {
                int n = Math.min(PIPELINE, count - sent);
                batch.setLength(0);
                for (int i = 0; i < n; i++) {
                    batch.append("GET /attack/").append(first + sent + i).append(" HTTP/1.1\r\nHost: x\r\n\r\n");
                }
                out.write(batch.toString().getBytes(StandardCharsets.ISO_8859_1));
                for (int i = 0; i < n; i++) {
                    answered += readResponse(in) == 404 ? 1 : 0;
                }
                sent += n;
            }
        }
        return answered;
    }

    /** Reads one response (status line, headers, Content-Length body); returns its status. */
    private static int readResponse(InputStream in) throws IOException {
        String statusLine = line(in);
        int status = Integer.parseInt(statusLine.substring(9, 12));
        int length = 0;
        for (String h = line(in); !h.isEmpty(); h = line(in)) {
            if (h.regionMatches(true, 0, "Content-Length:", 0, 15)) {
                length = Integer.parseInt(h.substring(15).trim());
            }
        }
        in.readNBytes(length);
        return status;
    }

    private static String line(InputStream in) throws IOException {
        StringBuilder sb = new StringBuilder();
        int b;
        while ((b = in.read()) != -1 && b != '\n') {
            if (b != '\r') {
                sb.append((char) b);
            }
        }
        if (b == -1) {
            throw new IOException("connection closed");
        }
        return sb.toString();
    }
}
