package io.gatewatch.systemtests;

import static org.assertj.core.api.Assertions.assertThat;

import io.gatewatch.systemtests.support.Figures;
import io.gatewatch.systemtests.support.ProbeWatch;
import io.gatewatch.systemtests.support.RawHttp;
import io.gatewatch.systemtests.support.Wrk;
import io.gatewatch.testing.gateway.SampleGatewayProcess;
import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Scenario 4: hostile clients on the status port. Slowloris connections, oversized request lines
 * and headers, garbage bytes, disallowed methods and a connection flood are each answered with a
 * 4xx or closed; meanwhile the probes keep answering within their time limit and the gateway answers
 * every request. The gateway's p99 latency during the attack, against quiet windows, is a measured
 * figure (printed as FIGURES): on a shared two-core machine it says as much about the neighbours as
 * about the status listener, so it is not asserted.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HostileClientsIT {
    private static final int REQUEST_TIMEOUT_MS = 2000;
    // A kubelet's default limit is 1 s. The watch runs in the test's JVM, which shares the two cores
    // with the attacker, wrk and the gateway: under a CPU burner the slowest answer measured was
    // 743 ms. The asserted limit is twice that, gross; the slowest answer is the printed figure.
    private static final Duration PROBE_LIMIT = Duration.ofSeconds(2);
    private static final int ATTACK_WINDOWS = 3;
    private static final int ATTACK_SECONDS = 5;
    /** Gross: the server closes each hostile connection after request-timeout; this only bounds the wait. */
    private static final Duration CLOSE_DEADLINE = Duration.ofMillis(REQUEST_TIMEOUT_MS).plusSeconds(20);

    private Path dir;
    private SampleGatewayProcess node;

    @BeforeAll
    void start(@TempDir Path tmp) throws Exception {
        dir = tmp;
        node = SampleGatewayProcess.start(dir.resolve("node"), SampleGatewayProcess.options()
                .set("gatewatch.status.request-timeout", REQUEST_TIMEOUT_MS + "ms")
                // a steady route: with errors its circuit breaker would flip between slow and fast answers
                .set("sample-gateway.upstreams.flaky.error-rate", "0")
                .set("gatewatch.exporters.json-file.enabled", false));
    }

    @AfterAll
    void stop() throws InterruptedException {
        if (node != null) {
            node.close();
        }
    }

    @Test
    void malformedOversizedAndDisallowedRequestsGetA4xxOrAClose() throws Exception {
        Map<String, byte[]> hostile = new LinkedHashMap<>();
        hostile.put("request line of 64 KiB", ascii("GET /health/live?" + "a".repeat(64 * 1024) + " HTTP/1.1\r\nHost: x\r\n\r\n"));
        hostile.put("one header of 64 KiB", ascii("GET /health/live HTTP/1.1\r\nHost: x\r\nX-Big: " + "b".repeat(64 * 1024) + "\r\n\r\n"));
        StringBuilder many = new StringBuilder("GET /health/live HTTP/1.1\r\nHost: x\r\n");
        for (int i = 0; i < 2000; i++) {
            many.append("X-H").append(i).append(": v\r\n");
        }
        hostile.put("2000 headers", ascii(many.append("\r\n").toString()));
        byte[] garbage = new byte[4096];
        new Random(42).nextBytes(garbage);
        hostile.put("4 KiB of random bytes", garbage);
        hostile.put("random bytes then a blank line", concat(garbage, ascii("\r\n\r\n")));
        hostile.put("TLS client hello on the plain port", new byte[] {0x16, 0x03, 0x01, 0x00, (byte) 0xa5, 0x01, 0x00, 0x00, (byte) 0xa1, 0x03, 0x03});
        hostile.put("NUL bytes in the request line", ascii("GET /health\0/live HTTP/1.1\r\nHost: x\r\n\r\n"));
        hostile.put("header without a colon", ascii("GET /health/live HTTP/1.1\r\nHost x\r\nnonsense\r\n\r\n"));
        hostile.put("request smuggling: two lengths", ascii("GET /health/live HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nContent-Length: 7\r\n\r\nabcde"));
        hostile.put("body on a probe", ascii("GET /health/live HTTP/1.1\r\nHost: x\r\nContent-Length: 1000000000\r\n\r\nabc"));
        hostile.put("chunked garbage", ascii("GET /health/live HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n"));
        hostile.put("path traversal", ascii("GET /../../etc/passwd HTTP/1.1\r\nHost: x\r\n\r\n"));
        for (String method : List.of("POST", "PUT", "DELETE", "PATCH", "TRACE", "CONNECT", "BREW", "G\u00c9T")) {
            for (String path : List.of("/health/ready", "/status", "/metrics")) {
                hostile.put(method + " " + path, ascii(method + " " + path + " HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n"));
            }
        }
        Map<String, Integer> outcomes = new LinkedHashMap<>();
        try (ProbeWatch probes = new ProbeWatch(node.statusPort, List.of("/health/live", "/health/ready"), PROBE_LIMIT, 50)) {
            for (Map.Entry<String, byte[]> e : hostile.entrySet()) {
                outcomes.put(e.getKey(), RawHttp.exchange(node.statusPort, e.getValue(), REQUEST_TIMEOUT_MS + 3000));
            }
            assertThat(probes.misses()).isEmpty();
        }
        outcomes.forEach((what, outcome) -> assertThat(RawHttp.refused(outcome))
                .as("%s was answered %s", what, outcome).isTrue());
        outcomes.forEach((what, outcome) -> {
            if (what.startsWith("POST") || what.startsWith("PUT") || what.startsWith("BREW")) {
                assertThat(outcome).as(what).isEqualTo(405);
            }
        });
        // an HTTP version the listener does not speak: 505 (the status RFC 9110 names), then closed
        try (Socket s = RawHttp.connect(node.statusPort)) {
            s.setSoTimeout(REQUEST_TIMEOUT_MS);
            s.getOutputStream().write(ascii("GET /health/live HTTP/9.9\r\nHost: x\r\n\r\n"));
            assertThat(RawHttp.readStatus(s)).isEqualTo(505);
            assertThat(s.getInputStream().readAllBytes()).as("the rest of the answer, then the close").isNotEmpty();
            outcomes.put("unknown HTTP version (then closed)", 505);
        }
        assertThat(node.alive()).isTrue();
        Figures.record("4 hostile requests", "%d kinds, outcomes %s", outcomes.size(), outcomes);
    }

    @Test
    void slowlorisAndAConnectionFloodAreClosedWhileProbesAnswerAndTheGatewayServesEveryRequest() throws Exception {
        Wrk wrk = Wrk.find();
        String target = node.url("/api/flaky/x");
        wrk.run(dir, target, 1, 8, 3, null); // warm-up: the quiet runs compare warm code with warm code
        // Quiet and attacked windows alternate, so that noise from the rest of the machine (two cores,
        // shared with wrk and the attackers) lands in both kinds of window and the printed figures compare
        // like with like.
        List<Wrk.Result> quiet = new ArrayList<>();
        List<Wrk.Result> attacked = new ArrayList<>();
        quiet.add(wrk.run(dir, target, 1, 8, 5, null));
        for (int window = 0; window < ATTACK_WINDOWS; window++) {
            attacked.add(attackedRun(wrk, target));
            quiet.add(wrk.run(dir, target, 1, 8, 5, null));
        }
        double[] duringP99 = attacked.stream().mapToDouble(Wrk.Result::p99Millis).sorted().toArray();
        double[] quietP99 = quiet.stream().mapToDouble(Wrk.Result::p99Millis).sorted().toArray();
        Figures.record("4 gateway p99 under hostile status clients",
                "quiet runs %s ms (median %.2f), attacked runs %s ms (median %.2f); throughput quiet %s, attacked %s req/s",
                millis(quiet), quietP99[quietP99.length / 2], millis(attacked), duringP99[duringP99.length / 2],
                rates(quiet), rates(attacked));
        // what the product guarantees outright: the gateway kept answering every request with success
        for (Wrk.Result during : attacked) {
            assertThat(during.requests()).as("requests the gateway answered during the attack").isPositive();
            assertThat(during.socketErrors()).isZero();
            assertThat(during.non2xx3xx()).isZero();
        }
    }

    /**
     * One attack window: a burst of slowloris and idle connections, sustained while wrk measures the
     * gateway; probes are watched throughout, and every hostile connection must have been closed by
     * the server once its request timeout has passed.
     */
    private Wrk.Result attackedRun(Wrk wrk, String target) throws Exception {
        Wrk.Result during;
        HostileCrowd crowd = new HostileCrowd(node.statusPort);
        try (ProbeWatch probes = new ProbeWatch(node.statusPort, List.of("/health/live", "/health/ready"), PROBE_LIMIT, 50)) {
            crowd.burst(200, 2000);
            Thread attacker = new Thread(crowd::sustain, "hostile-crowd");
            attacker.start();
            try {
                during = wrk.run(dir, target, 1, 8, ATTACK_SECONDS, null);
            } finally {
                crowd.stop();
                attacker.join(10_000);
            }
            // whatever is still open has at most request-timeout left: wait for the closes, with room to spare
            Set<Socket> closed = new HashSet<>();
            awaitClosed(crowd.slow, closed);
            awaitClosed(crowd.flood, closed);
            assertThat(probes.misses()).as("probes answered 200 within %s", PROBE_LIMIT).isEmpty();
            // every probe answered within its limit, so the watch probed at least once per limit of the window
            assertThat(probes.probes()).isGreaterThanOrEqualTo(ATTACK_SECONDS * 1000L / PROBE_LIMIT.toMillis());
            long closedSlow = crowd.slow.stream().filter(closed::contains).count();
            long closedFlood = crowd.flood.stream().filter(closed::contains).count();
            Figures.record("4 hostile connections",
                    "%d slowloris (closed %d), %d flood connections (closed %d, %d refused at connect); probes %d, slowest %d ms (limit %d ms)",
                    crowd.slow.size(), closedSlow, crowd.flood.size(), closedFlood, crowd.refusedAtConnect.get(),
                    probes.probes(), probes.slowestMillis(), PROBE_LIMIT.toMillis());
            assertThat(closedSlow).as("slowloris connections closed after request-timeout").isEqualTo(crowd.slow.size());
            assertThat(closedFlood).as("idle flood connections closed").isEqualTo(crowd.flood.size());
        } finally {
            crowd.close();
        }
        return during;
    }

    private static List<String> millis(List<Wrk.Result> runs) {
        return runs.stream().map(r -> String.format(java.util.Locale.ROOT, "%.2f", r.p99Millis())).toList();
    }

    private static List<String> rates(List<Wrk.Result> runs) {
        return runs.stream().map(r -> String.format(java.util.Locale.ROOT, "%.0f", r.requestsPerSecond())).toList();
    }

    /**
     * Slowloris clients that trickle a header line every 500 ms and never finish their request,
     * and a flood of connections that send nothing; both kept up for as long as {@link #sustain} runs.
     */
    private static final class HostileCrowd implements AutoCloseable {
        final List<Socket> slow = new java.util.concurrent.CopyOnWriteArrayList<>();
        final List<Socket> flood = new java.util.concurrent.CopyOnWriteArrayList<>();
        final java.util.concurrent.atomic.AtomicLong refusedAtConnect = new java.util.concurrent.atomic.AtomicLong();
        private final int port;
        private volatile boolean running = true;

        HostileCrowd(int port) {
            this.port = port;
        }

        /** Opens {@code slowloris} trickling connections and {@code connections} idle ones at once. */
        void burst(int slowloris, int connections) {
            for (int i = 0; i < slowloris; i++) {
                openSlow();
            }
            for (int i = 0; i < connections; i++) {
                openIdle();
            }
        }

        /** Every 100 ms: 20 more idle connections, 20 more slowloris, a header line on every slowloris. */
        void sustain() {
            long round = 0;
            while (running) {
                for (int i = 0; i < 20; i++) {
                    openIdle();
                    openSlow();
                }
                if (round++ % 5 == 0) {
                    for (Socket s : slow) {
                        trickle(s);
                    }
                }
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }

        private void openIdle() {
            try {
                flood.add(RawHttp.connect(port));
            } catch (IOException refused) {
                refusedAtConnect.incrementAndGet();
            }
        }

        private void openSlow() {
            try {
                Socket s = RawHttp.connect(port);
                slow.add(s);
                s.getOutputStream().write(ascii("GET /health/live HTTP/1.1\r\nHost: x\r\n"));
            } catch (IOException refused) {
                refusedAtConnect.incrementAndGet();
            }
        }

        void stop() {
            running = false;
        }

        @Override
        public void close() {
            stop();
            closeAll(slow);
            closeAll(flood);
        }
    }

    private static void trickle(Socket s) {
        try {
            s.getOutputStream().write(ascii("X-Slow: 1\r\n"));
        } catch (IOException closed) {
            // already closed by the server: what we expect
        }
    }

    /**
     * Polls {@code sockets} until the server closed (or answered with a 4xx) every one, or
     * {@link #CLOSE_DEADLINE} passed; those it closed are added to {@code closed}, so the caller
     * counts them exactly.
     */
    private static void awaitClosed(List<Socket> sockets, Set<Socket> closed) {
        try {
            Awaitility.await().atMost(CLOSE_DEADLINE).pollInterval(Duration.ofMillis(250)).pollInSameThread()
                    .until(() -> collectClosed(sockets, closed) == sockets.size());
        } catch (ConditionTimeoutException stillOpen) {
            // the exact counts asserted by the caller say how many stayed open
        }
    }

    private static long collectClosed(List<Socket> sockets, Set<Socket> closed) throws IOException {
        for (Socket s : sockets) {
            if (closed.contains(s)) {
                continue;
            }
            s.setSoTimeout(1);
            try {
                if (RawHttp.refused(RawHttp.readStatus(s))) {
                    closed.add(s);
                }
            } catch (AssertionError notAnAnswer) {
                // counted as open
            }
        }
        return sockets.stream().filter(closed::contains).count();
    }

    private static void closeAll(List<Socket> sockets) {
        for (Socket s : sockets) {
            try {
                s.close();
            } catch (IOException ignored) {
                // closing
            }
        }
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
