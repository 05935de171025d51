package io.gatewatch.exporter.prometheus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.inject.Guice;
import com.google.inject.Key;
import com.google.inject.TypeLiteral;
import com.sun.net.httpserver.HttpServer;
import com.typesafe.config.ConfigFactory;
import io.gatewatch.Gatewatch;
import io.gatewatch.api.AuthMetrics;
import io.gatewatch.api.CircuitBreakerMetrics;
import io.gatewatch.api.GatewayMetrics;
import io.gatewatch.api.HttpMethod;
import io.gatewatch.api.ResponseSource;
import io.gatewatch.api.RouteMetrics;
import io.gatewatch.spi.Contributions;
import io.gatewatch.spi.GatewatchPlugin;
import io.gatewatch.spi.PluginContext;
import io.gatewatch.spi.StatusRequest;
import io.gatewatch.spi.StatusResponse;
import io.gatewatch.spi.StatusRoute;
import io.gatewatch.testing.Ports;
import io.gatewatch.testing.prometheus.PrometheusServer;
import jakarta.inject.Inject;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A real Prometheus server scrapes a gatewatch started through {@link Gatewatch#start}, with the
 * plugin found by ServiceLoader and its own {@code port} set; Prometheus negotiates OpenMetrics
 * there. A second job scrapes the plugin's {@code /metrics} status route over the same gatewatch
 * through a small harness that passes no Accept header (the Prometheus text format). Both must
 * carry exactly the values that were recorded.
 */
class RealPrometheusIT {
    private static final String OM_JOB = "gatewatch";
    private static final String TEXT_JOB = "gatewatch-text";
    /** Traffic recorded while the tests run goes here; the exact-value tests leave this route out. */
    private static final String LIVE_ROUTE = "live";

    private static Gatewatch gatewatch;
    private static int ownPort;
    private static StatusRoute route;
    private static HttpServer harness;
    private static PrometheusServer prometheus;

    /** Receives the runtime's PluginContext, to build the status route over the same gatewatch. */
    static final class ContextHolder {
        PluginContext context;

        @Inject
        void set(PluginContext context) {
            this.context = context;
        }
    }

    @BeforeAll
    static void start() throws Exception {
        Peers.require("prometheus"); // before anything starts: skipped or failed at once without it
        ownPort = Ports.free();
        ContextHolder holder = new ContextHolder();
        gatewatch = Gatewatch.builder().config(ConfigFactory.parseString("""
                gatewatch {
                  common-tags { env = "it" }
                  shutdown-hook = false
                  status { drain-delay = 0s, host = "127.0.0.1", port = 0 }
                  exporters.prometheus { port = %d, host = "127.0.0.1" }
                }
                """.formatted(ownPort))).addModule(binder -> binder.requestInjection(holder)).start();
        recordKnownTraffic(gatewatch.metrics());

        route = statusRoute(holder.context);
        harness = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
        harness.createContext("/metrics", exchange -> {
            try (exchange) {
                StatusResponse r = route.handle(new StatusRequest("GET", "/metrics", Map.of(), Map.of()));
                exchange.getResponseHeaders().set("Content-Type", r.contentType());
                exchange.sendResponseHeaders(r.status(), r.body().length);
                exchange.getResponseBody().write(r.body());
            } catch (Exception e) {
                exchange.sendResponseHeaders(500, -1);
            }
        });
        harness.start();

        String config = """
                global: { scrape_interval: 1s, scrape_timeout: 1s, evaluation_interval: 1s }
                scrape_configs:
                  - job_name: %s
                    static_configs: [ { targets: ["127.0.0.1:%d"] } ]
                  - job_name: %s
                    static_configs: [ { targets: ["127.0.0.1:%d"] } ]
                """.formatted(OM_JOB, ownPort, TEXT_JOB, harness.getAddress().getPort());
        prometheus = PrometheusServer.start(Path.of("target", "prometheus-it"), config);
        prometheus.awaitTargetsUp(2, Duration.ofSeconds(30));
        // rate() in the dashboard needs a few scrapes of each target
        prometheus.await("three scrapes", Duration.ofSeconds(60), () ->
                prometheus.query("count_over_time(up{job=\"" + TEXT_JOB + "\"}[1m]) >= 3").size() == 1
                        && prometheus.query("count_over_time(up{job=\"" + OM_JOB + "\"}[1m]) >= 3").size() == 1);
    }

    @AfterAll
    static void stop() {
        if (prometheus != null) {
            prometheus.close();
        }
        if (harness != null) {
            harness.stop(0);
        }
        if (gatewatch != null) {
            gatewatch.close();
        }
    }

    /** The plugin's status route (what health-probes serves), wired from the runtime's context. */
    private static StatusRoute statusRoute(PluginContext context) {
        GatewatchPlugin plugin = ServiceLoader.load(GatewatchPlugin.class).stream().map(ServiceLoader.Provider::get)
                .filter(p -> p.name().equals("prometheus")).findFirst().orElseThrow();
        var config = ConfigFactory.parseResources("reference.conf").resolve().getConfig("gatewatch." + plugin.configPath());
        com.google.inject.Module sets = binder -> Contributions.statusRoutes(binder);
        Set<StatusRoute> set = Guice.createInjector(sets, plugin.module(config, context))
                .getInstance(Key.get(new TypeLiteral<Set<StatusRoute>>() { }));
        assertThat(set).hasSize(1);
        return set.iterator().next();
    }

    static void recordKnownTraffic(GatewayMetrics metrics) {
        RouteMetrics users = metrics.route("accounts", "get-user");
        for (int i = 0; i < 7; i++) {
            users.record(HttpMethod.GET, 200, ResponseSource.UPSTREAM, 3_000_000L, 2_000_000L, 100, 2_000);
        }
        for (int i = 0; i < 2; i++) {
            users.record(HttpMethod.GET, 503, ResponseSource.UPSTREAM_UNREACHABLE, 40_000_000L, RouteMetrics.NO_UPSTREAM, 100, 50);
        }
        RouteMetrics pay = metrics.route("billing", "pay");
        for (int i = 0; i < 3; i++) {
            pay.record(HttpMethod.POST, 201, ResponseSource.UPSTREAM, 1_200_000_000L, 1_100_000_000L, 500, 80);
        }
        metrics.route("odd \"svc\" \\ 日本", "ünï/cödé\nline").record(HttpMethod.PATCH, 404, ResponseSource.NO_ROUTE,
                500_000L, RouteMetrics.NO_UPSTREAM, 0, 0);
        AuthMetrics jwt = metrics.auth("jwt");
        for (int i = 0; i < 5; i++) {
            jwt.attempt();
        }
        jwt.failure("expired_token");
        jwt.failure("expired_token");
        metrics.circuitBreaker("billing").state(CircuitBreakerMetrics.State.OPEN);
        metrics.cache("auth").hit();
    }

    @Test
    void targetsAreUpWithoutScrapeErrors() throws Exception {
        for (JsonNode target : prometheus.targets()) {
            assertThat(target.path("health").textValue()).as("%s", target).isEqualTo("up");
            assertThat(target.path("lastError").textValue()).as("%s", target).isEqualTo("");
        }
    }

    @Test
    void scrapedValuesEqualWhatWasRecorded() throws Exception {
        for (String job : List.of(OM_JOB, TEXT_JOB)) {
            String sel = "job=\"" + job + "\",env=\"it\"";
            assertThat(prometheus.single("gateway_requests_total{" + sel + ",route=\"get-user\",status=\"200\",method=\"GET\",source=\"upstream\"}")).isEqualTo(7);
            assertThat(prometheus.single("gateway_requests_total{" + sel + ",route=\"get-user\",status=\"503\",source=\"upstream_unreachable\"}")).isEqualTo(2);
            assertThat(prometheus.single("gateway_requests_total{" + sel + ",route=\"pay\",method=\"POST\",status=\"201\"}")).isEqualTo(3);
            assertThat(prometheus.single("gateway_request_duration_seconds_count{" + sel + ",route=\"get-user\"}")).isEqualTo(9);
            assertThat(prometheus.single("gateway_request_duration_seconds_sum{" + sel + ",route=\"get-user\"}"))
                    .isCloseTo(7 * 0.003 + 2 * 0.04, within(1e-12));
            assertThat(prometheus.single("gateway_request_duration_seconds_bucket{" + sel + ",route=\"get-user\",le=\"0.0025\"}")).isEqualTo(0);
            assertThat(prometheus.single("gateway_request_duration_seconds_bucket{" + sel + ",route=\"get-user\",le=\"0.005\"}")).isEqualTo(7);
            assertThat(prometheus.single("gateway_request_duration_seconds_bucket{" + sel + ",route=\"get-user\",le=\"+Inf\"}")).isEqualTo(9);
            assertThat(prometheus.single("gateway_upstream_duration_seconds_count{" + sel + ",route=\"pay\"}")).isEqualTo(3);
            assertThat(prometheus.single("gateway_upstream_duration_seconds_sum{" + sel + ",route=\"pay\"}")).isCloseTo(3.3, within(1e-12));
            assertThat(prometheus.single("gateway_response_bytes_total{" + sel + ",route=\"get-user\"}")).isEqualTo(7 * 2000 + 2 * 50);
            assertThat(prometheus.single("gateway_auth_attempts_total{" + sel + ",scheme=\"jwt\"}")).isEqualTo(5);
            assertThat(prometheus.single("gateway_auth_failures_total{" + sel + ",scheme=\"jwt\",reason=\"expired_token\"}")).isEqualTo(2);
            assertThat(prometheus.single("gateway_circuit_breaker_state{" + sel + ",upstream=\"billing\",state=\"open\"}")).isEqualTo(1);
            assertThat(prometheus.single("gatewatch_build_info{" + sel + "}")).isEqualTo(1);
            assertThat(prometheus.query("{" + sel + ",node_id=~\".+\"}")).as("no node id label").isEmpty();
        }
    }

    @Test
    void everyGatewaySeriesInPrometheusEqualsTheExposition() throws Exception {
        StatusResponse now = route.handle(new StatusRequest("GET", "/metrics", Map.of(), Map.of()));
        Map<String, Double> expected = new HashMap<>();
        Exposition.parse(new String(now.body(), StandardCharsets.UTF_8)).samples.stream()
                .filter(s -> s.name().startsWith("gateway_") && !LIVE_ROUTE.equals(s.labels().get("route")))
                .forEach(s -> expected.put(s.key(), s.value()));
        assertThat(expected.keySet()).anyMatch(k -> k.contains("odd \"svc\" \\ 日本") && k.contains("ünï/cödé\nline"));

        for (String job : List.of(OM_JOB, TEXT_JOB)) {
            Map<String, Double> scraped = new HashMap<>();
            for (JsonNode series : prometheus.query(
                    "{__name__=~\"gateway_.*\",job=\"" + job + "\",route!=\"" + LIVE_ROUTE + "\"}")) {
                Map<String, String> labels = new TreeMap<>();
                series.get("metric").fields().forEachRemaining(label -> labels.put(label.getKey(), label.getValue().textValue()));
                String name = labels.remove("__name__");
                labels.remove("job");
                labels.remove("instance");
                double value = PrometheusServer.value(series);
                scraped.put(new Exposition.Sample(name, labels, 0).key(), value);
            }
            assertThat(scraped.keySet()).as(job).containsExactlyInAnyOrderElementsOf(expected.keySet());
            expected.forEach((key, value) -> assertThat(scraped.get(key)).as(job + " " + key).isCloseTo(value, within(1e-12)));
        }
    }

    @Test
    void promtoolCheckMetricsAcceptsTheTextFormat() throws Exception {
        Path promtool = Peers.require("promtool");
        // the own port as a scraper without OpenMetrics sees it
        java.net.http.HttpResponse<String> text = java.net.http.HttpClient.newHttpClient().send(
                java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + ownPort + "/metrics")).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(text.headers().firstValue("content-type")).contains("text/plain; version=0.0.4; charset=utf-8");
        assertThat(text.body()).contains("gateway_requests_total{env=\"it\"");
        Peers.Result r = Peers.run(List.of(promtool.toString(), "check", "metrics"), Path.of("."), text.body());
        assertThat(r.exit()).as(r.output()).isZero();
    }

    @Test
    void dashboardQueriesRunOnRealData() throws Exception {
        List<String> exprs = OpsAssetsTest.dashboardExpressions(Peers.opsDir());
        for (String expr : exprs) {
            prometheus.query(dashboard(expr)); // fails unless Prometheus accepts and evaluates it
        }
        // live traffic on a route of its own (the exact-value tests leave it out): 30 ms requests
        RouteMetrics live = gatewatch.metrics().route("accounts", LIVE_ROUTE);
        String p95 = dashboard(exprs.stream().filter(e -> e.startsWith("histogram_quantile(0.95") && e.contains("route"))
                .findFirst().orElseThrow()) + " and on (route) {route=\"" + LIVE_ROUTE + "\"}";
        String p95Live = "histogram_quantile(0.95, sum by (le, route) (rate(gateway_request_duration_seconds_bucket{job=\""
                + TEXT_JOB + "\",route=\"" + LIVE_ROUTE + "\"}[1m])))";
        String requestRate = dashboard(exprs.get(0));
        double[] seen = {Double.NaN};
        prometheus.await("the live route in the dashboard's p95", Duration.ofSeconds(60), () -> {
            for (int i = 0; i < 20; i++) {
                live.record(HttpMethod.GET, 200, ResponseSource.UPSTREAM, 30_000_000L, 25_000_000L, 1, 1);
            }
            List<JsonNode> r = prometheus.query(p95Live);
            if (r.size() == 1) {
                seen[0] = PrometheusServer.value(r.get(0));
            }
            return !Double.isNaN(seen[0]);
        });
        // 30 ms lands in the (25 ms, 50 ms] bucket; histogram_quantile interpolates inside it
        assertThat(seen[0]).isBetween(0.025, 0.05);
        assertThat(prometheus.query(p95)).isNotEmpty();
        assertThat(prometheus.query(requestRate)).anySatisfy(series ->
                assertThat(PrometheusServer.value(series)).isPositive());
    }

    private static String dashboard(String expr) {
        return expr.replace("$__rate_interval", "1m").replace("$job", OM_JOB + "|" + TEXT_JOB);
    }
}
