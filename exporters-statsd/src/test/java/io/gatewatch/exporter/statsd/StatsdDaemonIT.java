package io.gatewatch.exporter.statsd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.gatewatch.api.Gauge;
import io.gatewatch.api.HttpMethod;
import io.gatewatch.api.ResponseSource;
import io.gatewatch.api.RouteMetrics;
import io.gatewatch.api.Unit;
import io.gatewatch.snapshot.Labels;
import io.gatewatch.testing.TestPluginContext;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Records known traffic through the real metric store, exports it to the reference StatsD
 * daemon and checks that the daemon counted exactly what was recorded, with no bad line.
 */
class StatsdDaemonIT {
    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(value = StatsdFlavor.class, names = {"ETSY", "DOGSTATSD"})
    void theDaemonReceivesExactlyTheRecordedCounts(StatsdFlavor flavor) throws Exception {
        try (StatsdDaemon daemon = StatsdDaemon.start(dir)) {
            TestPluginContext context = Snapshots.context(Labels.pairs("env", "it"));
            StatsdExporter exporter = new StatsdExporter(new StatsdSettings("127.0.0.1", daemon.port(), null, flavor,
                    Duration.ofSeconds(10), 1432, 4096, Map.of("team", "edge")), context);
            RouteMetrics users = context.store().gatewayMetrics().route("accounts", "get-user");
            RouteMetrics hostile = context.store().gatewayMetrics().route("we|ird:svc", "/users/{id},#x@y");
            Gauge balance = context.store().gatewayMetrics().meters().gauge("pool.balance", "h", Unit.NONE, "pool").labels("a");

            record(users, HttpMethod.GET, 200, ResponseSource.UPSTREAM, 7);
            record(users, HttpMethod.POST, 503, ResponseSource.UPSTREAM_UNREACHABLE, 3);
            record(hostile, HttpMethod.GET, 200, ResponseSource.UPSTREAM, 2);
            balance.set(-5);
            exporter.export(context.snapshot());
            record(users, HttpMethod.GET, 200, ResponseSource.UPSTREAM, 5);
            exporter.export(context.snapshot());   // the gauge goes out twice: it must stay -5
            exporter.close();                      // nothing new: the last interval adds no counts
            daemon.awaitFlush();

            Naming n = new Naming(flavor);
            Map<String, Double> counters = daemon.counters();
            assertThat(counters.get("statsd.bad_lines_seen")).isZero();
            assertThat(counters.get(n.key("gateway.requests", "service", "accounts", "route", "get-user",
                    "method", "GET", "status", "200", "source", "upstream"))).isEqualTo(12);
            assertThat(counters.get(n.key("gateway.requests", "service", "accounts", "route", "get-user",
                    "method", "POST", "status", "503", "source", "upstream_unreachable"))).isEqualTo(3);
            assertThat(counters.get(n.key("gateway.request.duration.count", "service", "accounts", "route", "get-user")))
                    .isEqualTo(15);
            assertThat(counters.get(n.key("gateway.request.duration.sum", "service", "accounts", "route", "get-user")))
                    .isCloseTo(15 * 0.005, within(1e-9));
            assertThat(counters.get(n.key("gateway.response.bytes", "service", "accounts", "route", "get-user")))
                    .isEqualTo(15 * 200);
            // hostile label values arrive as one well-formed key, sanitised by the exporter
            String hostileKey = flavor == StatsdFlavor.ETSY
                    ? "gateway.requests.env.it.team.edge.service.we_ird_svc.route._users__id___x_y.method.GET.status.200.source.upstream"
                    : "gateway.requests;env=it;team=edge;service=we_ird_svc;route=-users-id__x_y;method=GET;status=200;source=upstream";
            assertThat(counters.get(hostileKey)).isEqualTo(2);
            // every request recorded, no more: summed over all series of the family
            assertThat(daemon.sum(n::isRequests)).isEqualTo(17);
            assertThat(daemon.gauges().get(n.key("gateway.pool.balance", "pool", "a"))).isEqualTo(-5);
            assertThat(daemon.gauges().get(n.key("gateway.request.duration.p99", "service", "accounts", "route", "get-user")))
                    .isCloseTo(0.005, within(1e-9));
            assertThat(Snapshots.counter(context.snapshot(), "gatewatch.statsd.errors")).isZero();
            assertThat(Snapshots.counter(context.snapshot(), "gatewatch.statsd.dropped")).isZero();
        }
    }

    private static void record(RouteMetrics route, HttpMethod method, int status, ResponseSource source, int n) {
        for (int i = 0; i < n; i++) {
            route.record(method, status, source, 5_000_000, 4_000_000, 100, 200);
        }
    }

    /** How the daemon names a series: etsy keeps our dotted name, DogStatsD tags become {@code ;k=v}. */
    record Naming(StatsdFlavor flavor) {
        String key(String name, String... labels) {
            StringBuilder sb = new StringBuilder(name);
            String[] all = new String[labels.length + 4];
            System.arraycopy(new String[] {"env", "it", "team", "edge"}, 0, all, 0, 4);
            System.arraycopy(labels, 0, all, 4, labels.length);
            for (int i = 0; i < all.length; i += 2) {
                sb.append(flavor == StatsdFlavor.ETSY ? "." + all[i] + "." + all[i + 1] : ";" + all[i] + "=" + all[i + 1]);
            }
            return sb.toString();
        }

        boolean isRequests(String key) {
            return key.startsWith(flavor == StatsdFlavor.ETSY ? "gateway.requests.env." : "gateway.requests;");
        }
    }
}
