package io.gatewatch.vitals;

import static org.assertj.core.api.Assertions.assertThat;

import io.gatewatch.internal.store.MetricStore;
import io.gatewatch.internal.store.StoreSettings;
import io.gatewatch.spi.HealthReporter;
import io.gatewatch.spi.StatusResponse;
import io.gatewatch.spi.StatusRoute;
import io.gatewatch.spi.StatusRequest;
import io.gatewatch.vitals.internal.VitalsHistory;
import io.gatewatch.vitals.internal.VitalsRoutes;
import io.gatewatch.vitals.internal.VitalsSampler;
import io.gatewatch.vitals.testing.HeadlessChromium;
import io.gatewatch.testing.ManualClock;
import io.gatewatch.vitals.testing.RouteServer;
import io.gatewatch.vitals.testing.SyntheticTraffic;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The dashboard in a real headless Chromium: gateway traffic is recorded into a real metric store
 * and sampled into the history (the last 20 minutes fast-forwarded with a manual clock, then live,
 * one sample per second), the page is loaded from the routes over HTTP, and the test checks that
 * every chart drew data points, that switching the time frame switches the resolution, and saves
 * screenshots under {@code target/}.
 */
class DashboardBrowserIT {
    private static final String[] LINE_CHARTS = {"requests", "latency", "errors", "bytes", "cache", "connections"};
    private static final String NODE = "gw-eu1-7f9c";

    private ManualClock clock;
    private long historyStart;
    private VitalsSampler sampler;
    private SyntheticTraffic traffic;
    private RouteServer server;
    private Thread live;
    private volatile boolean running = true;

    @BeforeEach
    void startGatewayWithHistory() throws Exception {
        HeadlessChromium.binary(); // skip (or fail on CI) before doing any work
        long now = System.currentTimeMillis();
        long start = now - Duration.ofMinutes(20).toMillis();
        historyStart = start;
        clock = new ManualClock(start - start % 1000 + 5);
        MetricStore store = new MetricStore(StoreSettings.defaults(NODE).withPerConsumer(true).withJvmMetrics(false));
        traffic = new SyntheticTraffic(store.gatewayMetrics());
        VitalsHistory history = new VitalsHistory(VitalsSettings.defaults());
        sampler = new VitalsSampler(history, () -> store.snapshot(clock.millis(), List.of()), clock,
                Executors.defaultThreadFactory(), NO_HEALTH);
        sampler.sampleOnce();
        long t = 0;
        while (clock.millis() + 1000 <= System.currentTimeMillis()) {
            traffic.second(t++);
            clock.advance(Duration.ofSeconds(1));
            sampler.sampleOnce();
        }
        long[] second = {t};
        live = new Thread(() -> {
            while (running) {
                try {
                    Thread.sleep(1000 - System.currentTimeMillis() % 1000 + 5);
                } catch (InterruptedException e) {
                    return;
                }
                traffic.second(second[0]++);
                clock.set(System.currentTimeMillis());
                sampler.sampleOnce();
            }
        }, "live-traffic");
        live.setDaemon(true);
        live.start();

        List<StatusRoute> routes = new ArrayList<>(new VitalsRoutes(history, clock, () -> NODE).routes());
        routes.add(statusDocument());
        server = new RouteServer(routes);
    }

    @AfterEach
    void stop() throws InterruptedException {
        running = false;
        if (live != null) {
            live.interrupt();
            live.join(2000);
        }
        if (server != null) {
            server.close();
        }
    }

    @Test
    void chartsDrawDataAndTheTimeFrameSwitchesTheResolution() throws Exception {
        try (HeadlessChromium chromium = HeadlessChromium.start(1440, 900)) {
            chromium.navigate(server.baseUrl() + "/vitals");
            chromium.await("document.body.getAttribute('data-state') === 'ready'", Duration.ofSeconds(60));

            assertThat(chromium.eval("document.body.getAttribute('data-frame')")).isEqualTo("5m");
            assertThat(chromium.eval("document.body.getAttribute('data-resolution')")).isEqualTo("1s");
            assertThat(chromium.eval("document.body.getAttribute('data-points')")).isEqualTo("300");
            for (String chart : LINE_CHARTS) {
                assertThat(attribute(chromium, chart, "data-resolution")).as(chart).isEqualTo("1s");
                // 5 minutes of 1-second points in at least one dataset
                assertThat(Integer.parseInt(attribute(chromium, chart, "data-points"))).as(chart).isGreaterThan(250);
                assertThat(inkedPixels(chromium, chart)).as(chart + " canvas pixels").isGreaterThan(2_000);
            }
            assertThat(attribute(chromium, "top_routes", "data-points")).isEqualTo("8");
            assertThat(attribute(chromium, "top_consumers", "data-points")).isEqualTo("5");
            assertThat(chromium.eval("document.getElementById('node-id').textContent")).isEqualTo(NODE);
            assertThat(chromium.eval("document.querySelectorAll('#health-rows tr[data-component]').length")).isEqualTo(3L);
            assertThat(chromium.eval("document.querySelector('tr[data-component=\"exporter:statsd\"] td:nth-child(2)').textContent"))
                    .isEqualTo("degraded");
            // the status-code table: one row per route, its requests those of the top-routes bars
            assertThat(chromium.eval("document.getElementById('status-codes').getAttribute('data-kind')")).isEqualTo("route");
            assertThat(chromium.eval("document.getElementById('status-codes').getAttribute('data-rows')")).isEqualTo("8");
            assertThat(chromium.eval("(function(){var t={};document.querySelectorAll('#codes-rows tr[data-name]')"
                    + ".forEach(function(r){t[r.getAttribute('data-name')]=Number(r.children[1].textContent);});"
                    + "var c=Chart.getChart(document.querySelector('[data-chart=\"top_routes\"] canvas')),ok=true;"
                    + "c.data.labels.forEach(function(l,i){if(t[l]!==c.data.datasets[0].data[i])ok=false;});"
                    + "return ok&&c.data.labels.length===8;})()")).isEqualTo(true);
            assertThat(chromium.eval("(function(){var ok=true;document.querySelectorAll('#codes-rows tr[data-name]')"
                    + ".forEach(function(r){var s=0;for(var i=2;i<7;i++)s+=Number(r.children[i].textContent);"
                    + "if(s!==Number(r.children[1].textContent))ok=false;});return ok;})()")).isEqualTo(true);
            chromium.eval("document.querySelector('[data-codes-kind=\"service\"]').click()");
            assertThat(chromium.eval("document.getElementById('status-codes').getAttribute('data-kind')")).isEqualTo("service");
            assertThat(chromium.eval("document.getElementById('status-codes').getAttribute('data-rows')")).isEqualTo("5");
            chromium.eval("document.querySelector('[data-codes-kind=\"consumer\"]').click()");
            assertThat(chromium.eval("document.getElementById('status-codes').getAttribute('data-rows')")).isEqualTo("5");
            assertThat(chromium.eval("location.search")).asString().contains("codes=consumer");
            chromium.eval("document.querySelector('[data-codes-kind=\"route\"]').click()");
            // auto-refresh keeps drawing as new seconds arrive
            chromium.await("Number(document.body.getAttribute('data-refreshes')) >= 3", Duration.ofSeconds(60));
            Path shot = Path.of("target", "vitals-dashboard.png");
            chromium.screenshot(shot);
            assertThat(Files.size(shot)).isGreaterThan(20_000);

            chromium.eval("document.querySelector('[data-frame-button=\"24h\"]').click()");
            chromium.await("document.body.getAttribute('data-frame') === '24h' "
                    + "&& document.body.getAttribute('data-state') === 'ready'", Duration.ofSeconds(60));
            assertThat(chromium.eval("document.body.getAttribute('data-resolution')")).isEqualTo("1m");
            assertThat(chromium.eval("document.body.getAttribute('data-points')")).isEqualTo("1440");
            assertThat(chromium.eval("location.search")).asString().contains("frame=24h");
            for (String chart : LINE_CHARTS) {
                assertThat(attribute(chromium, chart, "data-resolution")).as(chart).isEqualTo("1m");
                // one point per complete minute of history (20 fast-forwarded plus the minutes this test has
                // run), not 1-second points; data-points sums all datasets, so look at the longest one
                long minutes = Duration.ofMillis(System.currentTimeMillis() - historyStart).toMinutes() + 1;
                assertThat(longestDataset(chromium, chart)).as(chart).isBetween(18L, minutes);
                assertThat(inkedPixels(chromium, chart)).as(chart + " canvas pixels").isGreaterThan(500);
            }
            chromium.screenshot(Path.of("target", "vitals-dashboard-24h.png"));

            chromium.eval("document.querySelector('[data-frame-button=\"1h\"]').click()");
            chromium.await("document.body.getAttribute('data-frame') === '1h' "
                    + "&& document.body.getAttribute('data-state') === 'ready'", Duration.ofSeconds(60));
            assertThat(chromium.eval("document.body.getAttribute('data-resolution')")).isEqualTo("1s");
            assertThat(chromium.eval("document.body.getAttribute('data-points')")).isEqualTo("3600");
            assertThat(Integer.parseInt(attribute(chromium, "requests", "data-points"))).isGreaterThan(1000);

            assertThat(chromium.eval("document.body.getAttribute('data-tz')")).isEqualTo("utc");
            assertThat(chromium.eval("document.getElementById('updated').textContent")).asString().endsWith(" UTC");
            chromium.eval("document.querySelector('[data-tz-button=\"local\"]').click()");
            chromium.await("document.body.getAttribute('data-tz') === 'local' "
                    + "&& !document.getElementById('updated').textContent.endsWith('UTC')", Duration.ofSeconds(60));
            assertThat(chromium.eval("location.search")).asString().contains("tz=local").contains("frame=1h");
        }
    }

    private static String attribute(HeadlessChromium chromium, String chart, String name) throws Exception {
        return (String) chromium.eval("document.querySelector('[data-chart=\"" + chart + "\"]').getAttribute('" + name + "')");
    }

    /** Non-null points of the chart's longest dataset, read from the Chart.js instance on its canvas. */
    private static long longestDataset(HeadlessChromium chromium, String chart) throws Exception {
        return (Long) chromium.eval("(function(){var c=Chart.getChart(document.querySelector('[data-chart=\"" + chart
                + "\"] canvas')),m=0;c.data.datasets.forEach(function(d){var n=d.data.filter(function(p){"
                + "return p!==null&&p.y!==null;}).length;if(n>m)m=n;});return m;})()");
    }

    /** Pixels Chart.js painted on the chart's canvas (axes, lines and fills): evidence the chart was drawn. */
    private static long inkedPixels(HeadlessChromium chromium, String chart) throws Exception {
        return (Long) chromium.eval("(function(){var c=document.querySelector('[data-chart=\"" + chart + "\"] canvas');"
                + "var d=c.getContext('2d').getImageData(0,0,c.width,c.height).data,n=0;"
                + "for(var i=3;i<d.length;i+=4){if(d[i]>0)n++;}return n;})()");
    }

    /** {@code /status} shaped as the status listener serves it, so the health panel has components to show. */
    private static StatusRoute statusDocument() {
        return new StatusRoute() {
            @Override
            public String path() {
                return "/status";
            }

            @Override
            public StatusResponse handle(StatusRequest request) {
                String at = Instant.now().toString();
                return StatusResponse.json(200, "{\"status\":\"degraded\",\"state\":\"running\",\"nodeId\":\"" + NODE + "\","
                        + "\"version\":\"0.1.0\",\"commit\":\"unknown\",\"startTime\":\"" + at + "\",\"components\":{"
                        + "\"config\":{\"status\":\"healthy\",\"probes\":[\"readiness\"],\"records\":[\"" + at + ": [ok] loaded application.conf\"]},"
                        + "\"exporter:statsd\":{\"status\":\"degraded\",\"probes\":[],\"records\":[\"" + at
                        + ": [error] connection refused\",\"" + at + ": [error] connection refused\"]},"
                        + "\"vitals\":{\"status\":\"healthy\",\"probes\":[],\"records\":[\"" + at + ": [ok] sampling every second\"]}}}");
            }
        };
    }

    private static final HealthReporter.Component NO_HEALTH = new HealthReporter.Component() {
        @Override
        public void ok(String message) {
        }

        @Override
        public void error(String message) {
        }
    };
}
