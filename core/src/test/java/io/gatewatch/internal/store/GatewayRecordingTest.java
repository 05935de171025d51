package io.gatewatch.internal.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.gatewatch.api.CircuitBreakerMetrics;
import io.gatewatch.api.GatewayMetrics;
import io.gatewatch.api.HttpMethod;
import io.gatewatch.api.ResponseSource;
import io.gatewatch.api.RouteMetrics;
import io.gatewatch.api.UpstreamTargetMetrics;
import io.gatewatch.snapshot.CounterPoint;
import io.gatewatch.snapshot.GaugePoint;
import io.gatewatch.snapshot.HistogramPoint;
import io.gatewatch.snapshot.Labels;
import io.gatewatch.snapshot.MetricFamily;
import io.gatewatch.snapshot.Snapshot;
import java.util.List;
import org.junit.jupiter.api.Test;

class GatewayRecordingTest {
    private static final long MS = 1_000_000L;

    private final MetricStore store = new MetricStore(StoreSettings.defaults("node-1").withJvmMetrics(false));
    private final GatewayMetrics metrics = store.gatewayMetrics();

    private Snapshot snapshot() {
        return store.snapshot(1_000L, List.of());
    }

    private static long counter(Snapshot s, String family, String... labels) {
        return ((CounterPoint) s.family(family).point(Labels.pairs(labels))).value();
    }

    private static HistogramPoint histogram(Snapshot s, String family, String... labels) {
        return (HistogramPoint) s.family(family).point(Labels.pairs(labels));
    }

    private static double gauge(Snapshot s, String family, String... labels) {
        return ((GaugePoint) s.family(family).point(Labels.pairs(labels))).value();
    }

    @Test
    void requestIsCountedWithLatenciesOverheadAndBytes() {
        RouteMetrics route = metrics.route("accounts", "get-user");
        route.record(HttpMethod.GET, 200, ResponseSource.UPSTREAM, 30 * MS, 20 * MS, 100, 2000);
        route.record(HttpMethod.GET, 200, ResponseSource.UPSTREAM, 4 * MS, 3 * MS, 50, 1000);
        route.record(HttpMethod.POST, 401, ResponseSource.AUTH_REJECTED, 2 * MS, RouteMetrics.NO_UPSTREAM, 10, 20);

        Snapshot s = snapshot();
        assertThat(counter(s, "requests", "service", "accounts", "route", "get-user", "method", "GET",
                "status", "200", "source", "upstream")).isEqualTo(2);
        assertThat(counter(s, "requests", "service", "accounts", "route", "get-user", "method", "POST",
                "status", "401", "source", "auth")).isEqualTo(1);

        HistogramPoint total = histogram(s, "request.duration", "service", "accounts", "route", "get-user");
        assertThat(total.count()).isEqualTo(3);
        assertThat(total.sum()).isEqualTo(36 * MS);
        assertThat(total.min()).isEqualTo(2 * MS);
        assertThat(total.max()).isEqualTo(30 * MS);
        // bounds 1, 2.5, 5, 10, 25, 50 ms: 2ms -> [1,2.5], 4ms -> (2.5,5], 30ms -> (25,50]
        assertThat(total.bucket(1)).isEqualTo(1);
        assertThat(total.bucket(2)).isEqualTo(1);
        assertThat(total.bucket(5)).isEqualTo(1);

        HistogramPoint upstream = histogram(s, "upstream.duration", "service", "accounts", "route", "get-user");
        assertThat(upstream.count()).isEqualTo(2);
        assertThat(upstream.sum()).isEqualTo(23 * MS);

        HistogramPoint overhead = histogram(s, "overhead.duration", "service", "accounts", "route", "get-user");
        assertThat(overhead.count()).isEqualTo(3);
        assertThat(overhead.sum()).isEqualTo((10 + 1 + 2) * MS);

        assertThat(counter(s, "request.bytes", "service", "accounts", "route", "get-user")).isEqualTo(160);
        assertThat(counter(s, "response.bytes", "service", "accounts", "route", "get-user")).isEqualTo(3020);
    }

    @Test
    void labelValuesFromOutsideAreNormalised() {
        RouteMetrics route = metrics.route("", "x".repeat(500));
        route.record(HttpMethod.of("BREW"), 700, ResponseSource.GATEWAY, MS, RouteMetrics.NO_UPSTREAM, 0, 0);
        route.record(HttpMethod.of("get"), 99, ResponseSource.GATEWAY, MS, RouteMetrics.NO_UPSTREAM, 0, 0);

        Snapshot s = snapshot();
        assertThat(counter(s, "requests", "service", "unknown", "route", "other", "method", "OTHER",
                "status", "invalid", "source", "gateway")).isEqualTo(2);
        assertThat(counter(s, "gatewatch.label.invalid", "metric", "requests", "label", "status")).isEqualTo(1);
        assertThat(counter(s, "gatewatch.label.invalid", "metric", "request.duration", "label", "service")).isEqualTo(1);
        assertThat(counter(s, "gatewatch.label.invalid", "metric", "request.duration", "label", "route")).isEqualTo(1);
    }

    @Test
    void perConsumerCountsOnlyWhenEnabled() {
        RouteMetrics off = metrics.route("svc", "r");
        off.record(HttpMethod.GET, 200, ResponseSource.UPSTREAM, MS, MS, 0, 0, metrics.consumer("alice"));
        assertThat(snapshot().family("requests").descriptor().labelNames()).doesNotContain("consumer");

        MetricStore perConsumer = new MetricStore(StoreSettings.defaults("n").withPerConsumer(true).withJvmMetrics(false));
        GatewayMetrics m = perConsumer.gatewayMetrics();
        RouteMetrics route = m.route("svc", "r");
        route.record(HttpMethod.GET, 200, ResponseSource.UPSTREAM, MS, MS, 0, 0, m.consumer("alice"));
        route.record(HttpMethod.GET, 200, ResponseSource.UPSTREAM, MS, MS, 0, 0, m.consumer("alice"));
        route.record(HttpMethod.GET, 200, ResponseSource.UPSTREAM, MS, MS, 0, 0, m.consumer("bob"));
        route.record(HttpMethod.GET, 200, ResponseSource.UPSTREAM, MS, MS, 0, 0);
        Snapshot s = perConsumer.snapshot(1, List.of());
        String[] base = {"service", "svc", "route", "r", "method", "GET", "status", "200", "source", "upstream"};
        assertThat(counter(s, "requests", concat(base, "consumer", "alice"))).isEqualTo(2);
        assertThat(counter(s, "requests", concat(base, "consumer", "bob"))).isEqualTo(1);
        assertThat(counter(s, "requests", concat(base, "consumer", "unknown"))).isEqualTo(1);
    }

    @Test
    void connectionsAuthCachesBreakersTargetsAndRateLimits() {
        var conns = metrics.connections("http");
        conns.opened();
        conns.opened();
        conns.closed(5 * MS);
        conns.rejected();
        var auth = metrics.auth("key-auth");
        auth.attempt();
        auth.attempt();
        auth.failure("invalid_key");
        auth.cacheHit();
        auth.cacheMiss();
        metrics.cache("response").hit();
        CircuitBreakerMetrics breaker = metrics.circuitBreaker("users-api");
        breaker.state(CircuitBreakerMetrics.State.CLOSED);
        breaker.state(CircuitBreakerMetrics.State.OPEN);
        breaker.state(CircuitBreakerMetrics.State.OPEN);
        metrics.circuitBreaker("users-api").state(CircuitBreakerMetrics.State.HALF_OPEN);
        metrics.upstreamTarget("users-api", "10.0.0.1:8080").health(UpstreamTargetMetrics.Health.DNS_ERROR);
        metrics.route("svc", "r").rateLimited();
        metrics.inFlight().increment();

        Snapshot s = snapshot();
        assertThat(gauge(s, "connections.active", "listener", "http")).isEqualTo(1.0);
        assertThat(counter(s, "connections.opened", "listener", "http")).isEqualTo(2);
        assertThat(counter(s, "connections.closed", "listener", "http")).isEqualTo(1);
        assertThat(counter(s, "connections.rejected", "listener", "http")).isEqualTo(1);
        assertThat(histogram(s, "connection.duration", "listener", "http").sum()).isEqualTo(5 * MS);
        assertThat(counter(s, "auth.attempts", "scheme", "key-auth")).isEqualTo(2);
        assertThat(counter(s, "auth.failures", "scheme", "key-auth", "reason", "invalid_key")).isEqualTo(1);
        assertThat(counter(s, "cache.hits", "cache", "auth")).isEqualTo(1);
        assertThat(counter(s, "cache.misses", "cache", "auth")).isEqualTo(1);
        assertThat(counter(s, "cache.hits", "cache", "response")).isEqualTo(1);
        assertThat(gauge(s, "circuit_breaker.state", "upstream", "users-api", "state", "half_open")).isEqualTo(1.0);
        assertThat(gauge(s, "circuit_breaker.state", "upstream", "users-api", "state", "open")).isEqualTo(0.0);
        assertThat(counter(s, "circuit_breaker.transitions", "upstream", "users-api", "state", "open")).isEqualTo(1);
        assertThat(counter(s, "circuit_breaker.transitions", "upstream", "users-api", "state", "half_open")).isEqualTo(1);
        assertThat(counter(s, "circuit_breaker.transitions", "upstream", "users-api", "state", "closed")).isZero();
        assertThat(gauge(s, "upstream.target.health", "upstream", "users-api", "target", "10.0.0.1:8080",
                "state", "dns_error")).isEqualTo(1.0);
        assertThat(gauge(s, "upstream.target.health", "upstream", "users-api", "target", "10.0.0.1:8080",
                "state", "healthy")).isEqualTo(0.0);
        assertThat(counter(s, "requests.rate_limited", "service", "svc", "route", "r")).isEqualTo(1);
        assertThat(gauge(s, "requests.in_flight")).isEqualTo(1.0);
    }

    @Test
    void snapshotCarriesNodeIdTagsBuildInfoAndSeriesCounts() {
        MetricStore tagged = new MetricStore(new StoreSettings("gw-7", Labels.pairs("env", "prod"), 100, false,
                StoreSettings.DEFAULT_LATENCY_BUCKETS_NANOS, true, "1.2.3", "abc123"));
        tagged.gatewayMetrics().route("a", "b");
        Snapshot s = tagged.snapshot(42, List.of());
        assertThat(s.nodeId()).isEqualTo("gw-7");
        assertThat(s.timestampMillis()).isEqualTo(42);
        assertThat(s.commonTags()).isEqualTo(Labels.pairs("env", "prod"));
        assertThat(gauge(s, "gatewatch.build.info", "version", "1.2.3", "commit", "abc123")).isEqualTo(1.0);
        assertThat(gauge(s, "gatewatch.series", "metric", "request.duration")).isEqualTo(1.0);
        assertThat(gauge(s, "jvm.memory.used", "area", "heap")).isPositive();
        assertThat(gauge(s, "jvm.threads.live")).isPositive();
        assertThat(((CounterPoint) s.family("process.cpu").points().get(0)).value()).isPositive();
        assertThat(s.family("jvm.gc.collections").points()).isNotEmpty();
        assertThat(gauge(s, "process.open_fds")).isPositive();
        MetricFamily uptime = s.family("process.uptime");
        assertThat(uptime.descriptor().prefixed()).isFalse();
    }

    @Test
    void metricSourcesAreReadAtSnapshotAndFailuresCounted() {
        var good = (io.gatewatch.spi.MetricSource) () -> List.of(new MetricFamily(
                io.gatewatch.snapshot.MetricDescriptor.gauge("queue.depth", "depth", io.gatewatch.api.Unit.NONE),
                List.of(new GaugePoint(Labels.EMPTY, 7))));
        io.gatewatch.spi.MetricSource bad = () -> {
            throw new IllegalStateException("broken");
        };
        Snapshot s = store.snapshot(1, List.of(good, bad));
        assertThat(gauge(s, "queue.depth")).isEqualTo(7.0);
        assertThat(s.family("gatewatch.source.errors").points()).hasSize(1);
        assertThat(((CounterPoint) s.family("gatewatch.source.errors").points().get(0)).value()).isEqualTo(1);
    }

    private static String[] concat(String[] a, String... b) {
        String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
