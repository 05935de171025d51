package io.gatewatch.probes;

import static io.gatewatch.probes.FakeHealth.component;
import static org.assertj.core.api.Assertions.assertThat;

import io.gatewatch.api.HealthStatus;
import io.gatewatch.api.Probe;
import io.gatewatch.spi.StatusRequest;
import io.gatewatch.spi.StatusResponse;
import io.gatewatch.spi.StatusRoute;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * The listener when its workers are all taken: probes are still answered with their true state,
 * other routes get an honest {@code 503 busy} with {@code Retry-After}, and one client address
 * cannot take every place. Clients come from distinct loopback addresses (127.0.0.2, .3, ...):
 * the listener tells clients apart by their address, as it would on a network.
 */
class BusyListenerIT {
    private static final String LIVE = "{\"status\":\"UP\",\"checks\":[{\"name\":\"db\",\"status\":\"UP\",\"data\":{\"pool\":4}}]}";

    /** A route that holds its worker until released, as a slow {@code /metrics} or a hung plugin would. */
    private static final class HeldRoute implements StatusRoute {
        final CountDownLatch release = new CountDownLatch(1);
        final AtomicInteger started = new AtomicInteger();

        @Override
        public String path() {
            return "/held";
        }

        @Override
        public StatusResponse handle(StatusRequest request) throws InterruptedException {
            started.incrementAndGet();
            release.await(30, TimeUnit.SECONDS);
            return StatusResponse.text(200, "released");
        }
    }

    private static FakeHealth healthy(FakeHealth health) {
        return health.components(component("db", HealthStatus.HEALTHY, List.of(Probe.LIVENESS, Probe.READINESS),
                List.of(), Map.of("pool", 4)));
    }

    /** A request from {@code from} on its own connection, sent now; its answer read by {@link #answer}. */
    private static Socket send(InetSocketAddress to, String from, String path) throws IOException {
        Socket s = new Socket();
        s.bind(new InetSocketAddress(InetAddress.getByName(from), 0));
        s.connect(to, 2000);
        s.setSoTimeout(30_000);
        s.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        s.getOutputStream().flush();
        return s;
    }

    private static String answer(Socket s) throws IOException {
        try (s) {
            return new String(s.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }

    /** The whole answer if one arrives within {@code millis}, else {@code null} (the socket stays open). */
    private static String answerWithin(Socket s, int millis) throws IOException {
        s.setSoTimeout(millis);
        try {
            int first = s.getInputStream().read();
            if (first == -1) {
                return "";
            }
            s.setSoTimeout(30_000);
            return (char) first + answer(s);
        } catch (java.net.SocketTimeoutException nothingYet) {
            return null;
        }
    }

    @Test
    void probesAreAnsweredWithTheirTrueStateWhileEveryWorkerAndQueuePlaceIsTaken() throws Exception {
        HeldRoute held = new HeldRoute();
        try (ServerFixture fixture = new ServerFixture("gatewatch.status.request-timeout = 30s", held)) {
            healthy(fixture.health);
            InetSocketAddress address = fixture.address();
            List<Socket> holders = new ArrayList<>();
            try {
                // five addresses, sixteen each: 80 requests for 66 places (2 workers, 64 queued)
                for (int a = 2; a <= 6; a++) {
                    for (int i = 0; i < 16; i++) {
                        holders.add(send(address, "127.0.0." + a, "/held"));
                    }
                }
                org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10))
                        .until(() -> held.started.get() == 2);
                // another client's /status finds no place: an honest busy, at once
                long start = System.nanoTime();
                String busy = answer(send(address, "127.0.0.7", "/status"));
                assertThat((System.nanoTime() - start) / 1e9).as("seconds to answer busy").isLessThan(1.0);
                assertThat(busy).startsWith("HTTP/1.1 503 ").contains("\r\nretry-after: 1\r\n")
                        .endsWith("\r\n\r\n{\"status\":503,\"error\":\"busy\"}");
                // probes never wait for a worker: their true state, promptly, from any address
                for (int round = 0; round < 10; round++) {
                    for (String from : List.of("127.0.0.2", "127.0.0.7")) {
                        start = System.nanoTime();
                        String live = answer(send(address, from, "/health/live"));
                        String ready = answer(send(address, from, "/health/ready"));
                        String started = answer(send(address, from, "/health/started"));
                        String all = answer(send(address, from, "/health"));
                        assertThat((System.nanoTime() - start) / 1e9).as("seconds for four probes").isLessThan(1.0);
                        assertThat(live).startsWith("HTTP/1.1 200 ").endsWith("\r\n\r\n" + LIVE);
                        assertThat(ready).startsWith("HTTP/1.1 200 ").contains("\"name\":\"lifecycle\",\"status\":\"UP\"")
                                .contains("{\"name\":\"db\",\"status\":\"UP\",\"data\":{\"pool\":4}}");
                        assertThat(started).startsWith("HTTP/1.1 200 ");
                        assertThat(all).startsWith("HTTP/1.1 200 ");
                    }
                }
                // and their state changes are seen at once, workers still all taken
                fixture.health.components(component("db", HealthStatus.DOWN, List.of(Probe.LIVENESS, Probe.READINESS),
                        List.of(), Map.of("pool", 0)));
                assertThat(answer(send(address, "127.0.0.2", "/health/live"))).startsWith("HTTP/1.1 503 ")
                        .endsWith("{\"status\":\"DOWN\",\"checks\":[{\"name\":\"db\",\"status\":\"DOWN\",\"data\":{\"pool\":0}}]}");
                assertThat(held.started.get()).as("no held request finished").isEqualTo(2);
            } finally {
                held.release.countDown();
            }
            int ok = 0;
            int busy = 0;
            for (Socket s : holders) {
                String a = answer(s);
                ok += a.startsWith("HTTP/1.1 200 ") ? 1 : 0;
                busy += a.startsWith("HTTP/1.1 503 ") && a.endsWith("{\"status\":503,\"error\":\"busy\"}") ? 1 : 0;
            }
            assertThat(ok).as("requests that had a place").isEqualTo(66);
            assertThat(busy).as("requests beyond the 66 places").isEqualTo(14);
        }
    }

    @Test
    void oneClientAddressCannotTakeEveryPlace() throws Exception {
        HeldRoute held = new HeldRoute();
        try (ServerFixture fixture = new ServerFixture("gatewatch.status.request-timeout = 30s",
                held)) {
            healthy(fixture.health);
            InetSocketAddress address = fixture.address();
            List<Socket> pending = new ArrayList<>();
            List<String> busy = new ArrayList<>();
            Socket other;
            try {
                for (int i = 0; i < 40; i++) {
                    pending.add(send(address, "127.0.0.2", "/held"));
                }
                // the greedy client's requests beyond its 16 places are answered busy at once, the rest wait
                long deadline = System.nanoTime() + 10_000_000_000L;
                while (busy.size() < 24 && System.nanoTime() < deadline) {
                    for (java.util.Iterator<Socket> it = pending.iterator(); it.hasNext(); ) {
                        String answer = answerWithin(it.next(), 50);
                        if (answer != null) {
                            busy.add(answer);
                            it.remove();
                        }
                    }
                }
                assertThat(busy).hasSize(24).allSatisfy(a -> assertThat(a).startsWith("HTTP/1.1 503 ")
                        .contains("\r\nretry-after: 1\r\n").endsWith("{\"status\":503,\"error\":\"busy\"}"));
                assertThat(pending).hasSize(16);
                assertThat(held.started.get()).isEqualTo(2);
                // another client still gets a place: queued behind the held workers, not refused
                other = send(address, "127.0.0.3", "/held");
                assertThat(answerWithin(other, 500)).as("the other client's request waits for a worker").isNull();
            } finally {
                held.release.countDown();
            }
            assertThat(answer(other)).startsWith("HTTP/1.1 200 ").endsWith("released");
            for (Socket s : pending) {
                assertThat(answer(s)).startsWith("HTTP/1.1 200 ").endsWith("released");
            }
            assertThat(held.started.get()).isEqualTo(17);
            // places are given back: the greedy client is served again
            assertThat(answer(send(address, "127.0.0.2", "/held"))).startsWith("HTTP/1.1 200 ");
        }
    }

    @Test
    void aFloodOfProbesFromManyConnectionsLeavesEveryProbeAnswered() throws Exception {
        try (ServerFixture fixture = new ServerFixture("")) {
            healthy(fixture.health);
            InetSocketAddress address = fixture.address();
            AtomicBoolean flooding = new AtomicBoolean(true);
            AtomicLong flooded = new AtomicLong();
            AtomicLong wrong = new AtomicLong();
            // more flooding connections than the workers have places (66): probes must not need one
            ExecutorService floods = Executors.newFixedThreadPool(96);
            List<Future<?>> running = new ArrayList<>();
            for (int c = 0; c < 96; c++) {
                running.add(floods.submit(() -> {
                    try (RawHttp http = new RawHttp(address)) {
                        while (flooding.get()) {
                            RawHttp.Response r = http.exchange("GET", "/health/ready");
                            flooded.incrementAndGet();
                            if (r.status() != 200) {
                                wrong.incrementAndGet();
                            }
                        }
                    }
                    return null;
                }));
            }
            int probes = 0;
            long slowestNanos = 0;
            try {
                long end = System.nanoTime() + 3_000_000_000L;
                while (System.nanoTime() < end) {
                    for (String path : List.of("/health/live", "/health/ready")) {
                        long start = System.nanoTime();
                        RawHttp.Response r = RawHttp.get(address, path);
                        slowestNanos = Math.max(slowestNanos, System.nanoTime() - start);
                        assertThat(r.status()).as(path).isEqualTo(200);
                        probes++;
                    }
                    Thread.sleep(100);
                }
            } finally {
                flooding.set(false);
                for (Future<?> f : running) {
                    f.get(10, TimeUnit.SECONDS);
                }
                floods.shutdownNow();
            }
            assertThat(wrong.get()).as("flooding probes answered other than 200").isZero();
            assertThat(slowestNanos / 1e9).as("slowest probe, seconds").isLessThan(1.0);
            System.out.printf("probe flood: %d flooding probes and %d watched probes answered, slowest watched %.1f ms,"
                            + " %d health view evaluations%n", flooded.get(), probes, slowestNanos / 1e6,
                    fixture.health.probeCalls.get());
        }
    }
}
