package io.gatewatch.exporter.statsd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gatewatch.api.HttpMethod;
import io.gatewatch.api.ResponseSource;
import io.gatewatch.api.RouteMetrics;
import io.gatewatch.testing.TestPluginContext;
import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.PortUnreachableException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StatsdExporterTest {
    private static final String REQUESTS_200 =
            "gateway.requests:%d|c|#service:accounts,route:get-user,method:GET,status:200,source:upstream";

    private final TestPluginContext context = Snapshots.context();
    private final RouteMetrics route = context.store().gatewayMetrics().route("accounts", "get-user");
    private final ScriptedTransport transport = new ScriptedTransport();

    @Test
    void countersAreSentAsTheDeltaSinceTheLastSuccessfulSend() throws Exception {
        StatsdExporter exporter = exporter(settings(StatsdFlavor.DOGSTATSD, 1432, 4096));
        requests(3);
        exporter.export(context.snapshot());
        requests(2);
        exporter.export(context.snapshot());
        exporter.export(context.snapshot());
        assertThat(requestLines()).containsExactly(REQUESTS_200.formatted(3), REQUESTS_200.formatted(2));
        assertThat(context.health().records(StatsdExporter.HEALTH_COMPONENT)).allMatch(r -> r.startsWith("ok: "));
    }

    @Test
    void aFailedSendKeepsItsDeltasForTheNextIntervalAndReportsHealth() throws Exception {
        StatsdExporter exporter = exporter(settings(StatsdFlavor.DOGSTATSD, 1432, 4096));
        requests(3);
        transport.peerUp = false;
        assertThatThrownBy(() -> exporter.export(context.snapshot()))
                .isInstanceOf(IOException.class).hasCauseInstanceOf(PortUnreachableException.class)
                .hasMessageContaining("port unreachable");
        requests(2);
        assertThatThrownBy(() -> exporter.export(context.snapshot())).isInstanceOf(IOException.class);
        transport.peerUp = true;
        requests(1);
        exporter.export(context.snapshot());

        assertThat(requestLines()).containsExactly(REQUESTS_200.formatted(6));
        assertThat(Snapshots.counter(context.snapshot(), "gatewatch.statsd.errors", "reason", "refused")).isEqualTo(2);
        assertThat(Snapshots.counter(context.snapshot(), "gatewatch.statsd.deferred")).isPositive();
        assertThat(Snapshots.counter(context.snapshot(), "gatewatch.statsd.dropped")).isZero();
        assertThat(context.health().records(StatsdExporter.HEALTH_COMPONENT))
                .extracting(r -> r.substring(0, r.indexOf(':')))
                .containsExactly("error", "error", "ok");
    }

    @Test
    void aRefusalThatArrivesAfterCommitIsCountedAsDroppedLines() throws Exception {
        StatsdExporter exporter = exporter(settings(StatsdFlavor.DOGSTATSD, 65_000, 4096));
        requests(3);
        exporter.export(context.snapshot());
        int linesLost = transport.received.get(transport.received.size() - 1).split("\n").length;
        transport.refuseLastLate();
        exporter.export(context.snapshot());
        assertThat(Snapshots.counter(context.snapshot(), "gatewatch.statsd.dropped", "reason", "refused_after_send")).isEqualTo(linesLost);
        assertThat(Snapshots.counter(context.snapshot(), "gatewatch.statsd.errors", "reason", "refused")).isEqualTo(1);
        assertThat(context.health().records(StatsdExporter.HEALTH_COMPONENT)).last().asString()
                .startsWith("error: ").contains(linesLost + " lines lost");
    }

    @Test
    void theDatagramLimitDefersTheRestWithoutLosingCounts() throws Exception {
        StatsdExporter exporter = exporter(settings(StatsdFlavor.ETSY, 200, 2));
        for (int i = 0; i < 40; i++) {
            context.store().gatewayMetrics().route("svc", "r" + i).record(HttpMethod.GET, 200, ResponseSource.UPSTREAM,
                    1_000_000, 500_000, 10, 20);
        }
        int exports = 0;
        while (exports < 200) {
            exporter.export(context.snapshot());
            exports++;
            if (sumOf("gateway.requests.") >= 40 && sumOf("gateway.request.duration.count.") >= 40
                    && sumOf("gateway.response.bytes.") >= 40 * 20) {
                break;
            }
        }
        assertThat(transport.sizes).allMatch(size -> size <= 200);
        assertThat(sumOf("gateway.requests.")).isEqualTo(40);
        assertThat(sumOf("gateway.request.duration.count.")).isEqualTo(40);
        assertThat(sumOf("gateway.upstream.duration.count.")).isEqualTo(40);
        assertThat(sumOf("gateway.response.bytes.")).isEqualTo(40 * 20);
        assertThat(Snapshots.counter(context.snapshot(), "gatewatch.statsd.deferred")).isPositive();
        assertThat(exports).isGreaterThan(1);
    }

    @Test
    void closeSendsTheLastIntervalOnceAndNothingAfterwards() throws Exception {
        StatsdExporter exporter = exporter(settings(StatsdFlavor.DOGSTATSD, 1432, 4096));
        requests(4);
        exporter.close();
        requests(5);
        exporter.export(context.snapshot());
        exporter.close();
        assertThat(requestLines()).containsExactly(REQUESTS_200.formatted(4));
        assertThat(transport.closes).isEqualTo(1);
    }

    @Test
    void afterCoresFinalExportCloseSendsNothingMore() throws Exception {
        StatsdExporter exporter = exporter(settings(StatsdFlavor.DOGSTATSD, 1432, 4096));
        requests(2);
        context.runtime().state(io.gatewatch.api.RuntimeInfo.State.DRAINING);
        exporter.export(context.snapshot());   // core's final export
        int datagrams = transport.received.size();
        exporter.close();
        assertThat(transport.received).hasSize(datagrams);
        assertThat(requestLines()).containsExactly(REQUESTS_200.formatted(2));
        assertThat(transport.closes).isEqualTo(1);
    }

    @Test
    void aStartUpThatFailedSendsNothingOnClose() {
        StatsdExporter exporter = exporter(settings(StatsdFlavor.DOGSTATSD, 1432, 4096));
        context.runtime().state(io.gatewatch.api.RuntimeInfo.State.STARTING);
        exporter.close();
        assertThat(transport.received).isEmpty();
        assertThat(transport.closes).isEqualTo(1);
    }

    @Test
    void aConfiguredTagOverridesACommonTagOfTheSameName() throws Exception {
        TestPluginContext tagged = Snapshots.context(io.gatewatch.snapshot.Labels.pairs("env", "prod", "region", "eu"));
        StatsdExporter exporter = new StatsdExporter(new StatsdSettings("127.0.0.1", 8125, null, StatsdFlavor.DOGSTATSD,
                Duration.ofSeconds(10), 1432, 4096, Map.of("env", "canary")), tagged, transport);
        tagged.store().gatewayMetrics().route("accounts", "get-user")
                .record(HttpMethod.GET, 200, ResponseSource.UPSTREAM, 5_000_000, 4_000_000, 100, 200);
        exporter.export(tagged.snapshot());
        assertThat(transport.lines()).contains("gateway.requests:1|c|#region:eu,env:canary,service:accounts,"
                + "route:get-user,method:GET,status:200,source:upstream");
    }

    @Test
    void theDaemonNotRunningIsNoticedAndSendingResumesWhenItIsBack() throws Exception {
        int port = freeUdpPort();
        StatsdExporter exporter = new StatsdExporter(settings(StatsdFlavor.DOGSTATSD, "127.0.0.1", port), context);
        requests(3);
        assertThatThrownBy(() -> exporter.export(context.snapshot()))
                .hasCauseInstanceOf(PortUnreachableException.class);
        requests(2);
        try (UdpReceiver daemon = new UdpReceiver(port)) {
            exporter.export(context.snapshot());
            assertThat(daemon.lines(300)).contains(REQUESTS_200.formatted(5));
        }
        assertThat(Snapshots.counter(context.snapshot(), "gatewatch.statsd.errors", "reason", "refused")).isEqualTo(1);
        exporter.close();
    }

    @Test
    void aHostThatDoesNotResolveIsCountedAndItsSeriesAreKept() {
        StatsdExporter exporter = new StatsdExporter(
                settings(StatsdFlavor.DOGSTATSD, "statsd.does-not-exist.invalid", 8125), context);
        requests(1);
        assertThatThrownBy(() -> exporter.export(context.snapshot())).hasCauseInstanceOf(UnknownHostException.class)
                .hasMessageContaining("statsd.does-not-exist.invalid");
        assertThatThrownBy(() -> exporter.export(context.snapshot())).hasCauseInstanceOf(UnknownHostException.class);
        assertThat(Snapshots.counter(context.snapshot(), "gatewatch.statsd.errors", "reason", "unresolved_host")).isEqualTo(2);
        assertThat(Snapshots.counter(context.snapshot(), "gatewatch.statsd.deferred")).isPositive();
        assertThat(Snapshots.counter(context.snapshot(), "gatewatch.statsd.datagrams")).isZero();
        assertThat(context.health().records(StatsdExporter.HEALTH_COMPONENT)).hasSize(2)
                .allMatch(r -> r.startsWith("error: "));
        exporter.close();
    }

    private StatsdExporter exporter(StatsdSettings settings) {
        return new StatsdExporter(settings, context, transport);
    }

    private void requests(int n) {
        for (int i = 0; i < n; i++) {
            route.record(HttpMethod.GET, 200, ResponseSource.UPSTREAM, 5_000_000, 4_000_000, 100, 200);
        }
    }

    private List<String> requestLines() {
        return transport.lines().stream().filter(l -> l.startsWith("gateway.requests:")).toList();
    }

    /** Sum of the values of the counter lines whose name starts with {@code prefix}. */
    private long sumOf(String prefix) {
        return transport.lines().stream().filter(l -> l.startsWith(prefix) && l.endsWith("|c"))
                .mapToLong(l -> Long.parseLong(l.substring(l.indexOf(':') + 1, l.indexOf('|')))).sum();
    }

    static StatsdSettings settings(StatsdFlavor flavor, int packet, int queue) {
        return new StatsdSettings("127.0.0.1", 8125, null, flavor, Duration.ofSeconds(10), packet, queue, Map.of());
    }

    static StatsdSettings settings(StatsdFlavor flavor, String host, int port) {
        return new StatsdSettings(host, port, null, flavor, Duration.ofSeconds(10), 1432, 4096, Map.of());
    }

    static int freeUdpPort() throws IOException {
        try (DatagramSocket s = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
            return s.getLocalPort();
        }
    }
}
