package io.gatewatch.vitals;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import io.gatewatch.Gatewatch;
import io.gatewatch.api.HttpMethod;
import io.gatewatch.api.ResponseSource;
import io.gatewatch.api.RouteMetrics;
import io.gatewatch.testing.Json;
import io.gatewatch.testing.Ports;
import io.gatewatch.vitals.testing.HeadlessChromium;
import io.gatewatch.vitals.testing.SyntheticTraffic;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Vitals served by the real status listener (gatewatch-health-probes) of a gateway started with
 * {@link Gatewatch#builder()}: the page, its assets and the API over HTTP, behind the listener's
 * auth, and the dashboard in headless Chromium fed by the runtime's own sampler.
 */
class StatusListenerIT {
    private static final String USER = "ops";
    private static final String PASSWORD = "vitals-password-1";

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private Gatewatch gatewatch;
    private Thread traffic;
    private volatile boolean running = true;

    private String startQuiet(String statusSettings) {
        int port = Ports.free();
        gatewatch = Gatewatch.builder().config(ConfigFactory.parseString(
                "gatewatch { shutdown-hook = false, status.drain-delay = 0s, metrics.jvm = false, metrics.per-consumer = true }\n"
                        + "gatewatch.status { host = \"127.0.0.1\", port = " + port + " }\n" + statusSettings,
                ConfigParseOptions.defaults().setOriginDescription("test.conf"))).start();
        return "http://127.0.0.1:" + port;
    }

    /** Gatewatch with vitals, and synthetic traffic every second from a thread of the test. */
    private String start(String statusSettings) {
        String base = startQuiet(statusSettings);
        SyntheticTraffic synthetic = new SyntheticTraffic(gatewatch.metrics());
        traffic = new Thread(() -> {
            long t = 0;
            while (running) {
                synthetic.second(t++);
                try {
                    Thread.sleep(1000);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "traffic");
        traffic.setDaemon(true);
        traffic.start();
        return base;
    }

    @AfterEach
    void stop() throws InterruptedException {
        running = false;
        if (traffic != null) {
            traffic.interrupt();
            traffic.join(2000);
        }
        if (gatewatch != null) {
            gatewatch.close();
        }
    }

    private HttpResponse<String> get(String url, Map<String, String> headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60));
        headers.forEach(request::header);
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void pageAssetsAndApiOnTheStatusListener() throws Exception {
        String base = start("");
        HttpResponse<String> page = get(base + "/vitals", Map.of());
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("content-type")).hasValueSatisfying(v -> assertThat(v).startsWith("text/html"));
        assertThat(page.body()).contains("vitals/assets/chart.umd.js");

        HttpResponse<String> chart = get(base + "/vitals/assets/chart.umd.js", Map.of());
        assertThat(chart.statusCode()).isEqualTo(200);
        assertThat(chart.body()).startsWith("/*!\n * Chart.js v4.4.1");

        HttpResponse<String> bad = get(base + "/vitals/series?metric=requests&from=later", Map.of());
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(Json.plainObject(bad.body())).containsEntry("error",
                "from must be UTC epoch milliseconds (an integer), got 'later'");

        Map<String, Object> summary = awaitSummary(base, 1);
        assertThat(summary).containsEntry("nodeId", gatewatch.runtime().nodeId());
        Map<?, ?> minute = minute(summary);
        assertThat((Long) minute.get("points")).isGreaterThanOrEqualTo(1);
        assertThat((Long) minute.get("requests")).isPositive();
    }

    private static Map<?, ?> minute(Map<String, Object> summary) {
        return (Map<?, ?>) ((Map<?, ?>) summary.get("windows")).get("1m");
    }

    /**
     * The summary once the sampler holds {@code points} one-second samples with traffic in them
     * (polled; a busy machine may sample late, so the deadline is generous).
     */
    private Map<String, Object> awaitSummary(String base, long points) {
        return Awaitility.await("%d samples with traffic".formatted(points)).atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(250))
                .until(() -> Json.plainObject(get(base + "/vitals/summary", Map.of()).body()), summary -> {
                    Map<?, ?> minute = minute(summary);
                    return minute != null && (Long) minute.get("points") >= points && (Long) minute.get("requests") > 0;
                });
    }

    @Test
    void requestsRecordedRightAfterStartAreInTheFirstPoint() {
        String base = startQuiet("");
        RouteMetrics route = gatewatch.metrics().route("accounts", "get-user");
        for (int i = 0; i < 7; i++) {
            route.record(HttpMethod.GET, 200, ResponseSource.UPSTREAM, 3_000_000, 2_000_000, 10, 10);
        }
        // vitals took its baseline as it started, not at its first whole second: none of the 7 is lost in
        // it, so they show in a point (the first, or the next when start-up took over a second)
        Map<?, ?> minute = minute(Awaitility.await("the 7 requests in a point").atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(250))
                .until(() -> Json.plainObject(get(base + "/vitals/summary", Map.of()).body()),
                        summary -> minute(summary) != null && minute(summary).get("requests") instanceof Long n && n >= 7));
        assertThat(minute.get("requests")).isEqualTo(7L);
    }

    @Test
    void routesSitBehindTheStatusAuth() throws Exception {
        String base = start("gatewatch.status.auth.users { " + USER + " = \"" + PASSWORD + "\" }");
        String basic = "Basic " + Base64.getEncoder().encodeToString((USER + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8));
        for (String path : new String[] {"/vitals", "/vitals/series?metric=requests", "/vitals/summary",
                "/vitals/assets/chart.umd.js"}) {
            assertThat(get(base + path, Map.of()).statusCode()).as(path).isEqualTo(401);
            assertThat(get(base + path, Map.of("Authorization", basic)).statusCode()).as(path).isEqualTo(200);
        }
        assertThat(get(base + "/health/live", Map.of()).statusCode()).isEqualTo(200);
    }

    @Test
    void dashboardDrawsLiveDataFromTheRuntime() throws Exception {
        String base = start("");
        HeadlessChromium.binary();
        awaitSummary(base, 3);
        try (HeadlessChromium chromium = HeadlessChromium.start(1440, 900)) {
            chromium.navigate(base + "/vitals");
            chromium.await("document.body.getAttribute('data-state') === 'ready'", Duration.ofSeconds(60));
            assertThat(chromium.eval("document.body.getAttribute('data-resolution')")).isEqualTo("1s");
            assertThat(Integer.parseInt((String) chromium.eval(
                    "document.querySelector('[data-chart=\"requests\"]').getAttribute('data-points')"))).isGreaterThanOrEqualTo(3);
            assertThat(chromium.eval("document.getElementById('node-id').textContent")).isEqualTo(gatewatch.runtime().nodeId());
            // the health panel reads the listener's own /status
            chromium.await("document.querySelector('#health-rows tr[data-component=\"vitals\"]') !== null", Duration.ofSeconds(60));
            chromium.eval("document.querySelector('[data-frame-button=\"24h\"]').click()");
            chromium.await("document.body.getAttribute('data-frame') === '24h' "
                    + "&& document.body.getAttribute('data-state') === 'ready'", Duration.ofSeconds(60));
            assertThat(chromium.eval("document.body.getAttribute('data-resolution')")).isEqualTo("1m");
        }
    }
}
