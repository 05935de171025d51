package io.gatewatch.exporter.statsd;

import static org.assertj.core.api.Assertions.assertThat;

import io.gatewatch.api.HttpMethod;
import io.gatewatch.api.ResponseSource;
import io.gatewatch.api.RouteMetrics;
import io.gatewatch.testing.TestPluginContext;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import jnr.unixsocket.UnixDatagramChannel;
import jnr.unixsocket.UnixSocketAddress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Delivery to a DogStatsD Unix datagram socket through java-dogstatsd-client, with
 * jnr-unixsocket added to the classpath as the README tells users to.
 */
class UnixSocketDeliveryIT {
    private static final String LINE =
            "gateway.requests:%d|c|#service:accounts,route:get-user,method:GET,status:200,source:upstream";

    @TempDir
    Path dir;

    @Test
    void linesArriveOnTheSocketAndAMissingSocketIsReportedAsTheClientFindsOut() throws Exception {
        Path socket = dir.resolve("dsd.socket");
        TestPluginContext context = Snapshots.context();
        StatsdExporter exporter = new StatsdExporter(new StatsdSettings("unix://" + socket, 8125, null,
                StatsdFlavor.DOGSTATSD, Duration.ofSeconds(10), 8192, 4096, Map.of()), context);
        RouteMetrics route = context.store().gatewayMetrics().route("accounts", "get-user");

        // No agent yet: the client's sender fails on its own thread; the next interval hears of it.
        record(route, 2);
        exporter.export(context.snapshot());
        awaitClientErrors(exporter, context);
        assertThat(context.health().records(StatsdExporter.HEALTH_COMPONENT)).last().asString()
                .startsWith("error: ").contains("failed in the DogStatsD client");

        try (UnixDatagramChannel agent = UnixDatagramChannel.open()) {
            agent.bind(new UnixSocketAddress(socket.toFile()));
            // read as an agent does, all the time: a Unix datagram socket holds only a few datagrams
            List<String> lines = java.util.Collections.synchronizedList(new ArrayList<>());
            java.util.concurrent.atomic.AtomicBoolean closed = new java.util.concurrent.atomic.AtomicBoolean();
            Thread reader = new Thread(() -> receive(agent, lines, closed), "agent");
            reader.start();
            record(route, 3);
            exporter.export(context.snapshot());
            record(route, 4);
            exporter.close();   // blocking mode: what is queued is sent before the client stops
            closed.set(true);
            reader.join();
            // the 2 requests of the first interval went to a missing socket: lost, counted as errors
            assertThat(lines).filteredOn(l -> l.startsWith("gateway.requests:"))
                    .containsExactly(LINE.formatted(3), LINE.formatted(4));
            assertThat(lines).contains("gateway.request.duration.count:3|c|#service:accounts,route:get-user",
                    "gateway.request.duration.sum:0.015|c|#service:accounts,route:get-user");
            assertThat(lines).noneMatch(l -> l.startsWith("datadog.dogstatsd.client"));   // telemetry is off
        }
    }

    /** Exports empty intervals until one reports the client's asynchronous failures. */
    private static void awaitClientErrors(StatsdExporter exporter, TestPluginContext context) throws Exception {
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (Snapshots.counter(context.snapshot(), "gatewatch.statsd.errors", "reason", "io") == 0) {
            assertThat(System.nanoTime()).as("the client reported the missing socket").isLessThan(deadline);
            Thread.sleep(50);
            exporter.export(context.snapshot());
        }
    }

    private static void record(RouteMetrics route, int n) {
        for (int i = 0; i < n; i++) {
            route.record(HttpMethod.GET, 200, ResponseSource.UPSTREAM, 5_000_000, 4_000_000, 100, 200);
        }
    }

    /**
     * Collects lines until the socket is empty after the exporter closed: its close returns only
     * once everything queued was written, so nothing is on its way then.
     */
    private static void receive(UnixDatagramChannel agent, List<String> lines, java.util.concurrent.atomic.AtomicBoolean closed) {
        try {
            agent.configureBlocking(false);
            ByteBuffer buf = ByteBuffer.allocate(65_536);
            while (true) {
                boolean wasClosed = closed.get();
                buf.clear();
                try {
                    agent.receive(buf);
                } catch (java.io.IOException e) {
                    // jnr reports an empty non-blocking socket as EAGAIN instead of returning null
                }
                if (buf.position() > 0) {
                    buf.flip();
                    lines.addAll(List.of(StandardCharsets.UTF_8.decode(buf).toString().split("\n")));
                } else if (wasClosed) {
                    return;
                } else {
                    Thread.sleep(2);
                }
            }
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
