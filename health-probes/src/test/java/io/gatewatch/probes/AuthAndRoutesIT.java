package io.gatewatch.probes;

import static io.gatewatch.probes.FakeHealth.component;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.gatewatch.api.HealthStatus;
import io.gatewatch.api.HealthView.HealthRecord;
import io.gatewatch.api.Probe;
import io.gatewatch.spi.StatusRequest;
import io.gatewatch.spi.StatusResponse;
import io.gatewatch.spi.StatusRoute;
import io.gatewatch.testing.Json;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** Auth on and off, secrets in output, and routes other plugins contribute. */
class AuthAndRoutesIT {
    private static final String AUTH = """
            gatewatch.status.auth { users { ops = "correct horse" }, bearer-token = "t0ken-t0ken-t0ken" }""";
    private static final String METRICS_TEXT = "# TYPE gateway_requests_total counter\n"
            + "gateway_requests_total{route=\"/users\"} 42\n".repeat(100);

    private final AtomicReference<StatusRequest> seen = new AtomicReference<>();

    private final StatusRoute metrics = new StatusRoute() {
        @Override
        public String path() {
            return "/metrics";
        }

        @Override
        public StatusResponse handle(StatusRequest request) {
            seen.set(request);
            return new StatusResponse(200, "text/plain; version=0.0.4; charset=utf-8",
                    METRICS_TEXT.getBytes(StandardCharsets.UTF_8), Map.of("x-scrape", "1", "content-length", "1"), true);
        }
    };

    private final StatusRoute open = new StatusRoute() {
        @Override
        public String path() {
            return "/vitals";
        }

        @Override
        public boolean prefix() {
            return true;
        }

        @Override
        public boolean requiresAuth() {
            return false;
        }

        @Override
        public StatusResponse handle(StatusRequest request) {
            return StatusResponse.json(200, "{\"path\":\"" + request.path() + "\",\"window\":\"" + request.param("w") + "\"}");
        }
    };

    private static String basic(String userPass) {
        return "Authorization: Basic " + Base64.getEncoder().encodeToString(userPass.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void withoutAuthEverythingIsOpen() throws Exception {
        try (ServerFixture fixture = new ServerFixture("", metrics)) {
            assertThat(RawHttp.get(fixture.address(), "/status").status()).isEqualTo(200);
            assertThat(RawHttp.get(fixture.address(), "/metrics").status()).isEqualTo(200);
        }
    }

    @Test
    void authProtectsStatusAndMetricsButNeverProbes() throws Exception {
        try (ServerFixture fixture = new ServerFixture(AUTH, metrics, open)) {
            var address = fixture.address();
            for (String path : List.of("/status", "/metrics")) {
                RawHttp.Response denied = RawHttp.get(address, path);
                assertThat(denied.status()).as(path).isEqualTo(401);
                assertThat(denied.header("www-authenticate"))
                        .isEqualTo("Basic realm=\"gatewatch\", charset=\"UTF-8\", Bearer realm=\"gatewatch\"");
                assertThat(denied.body()).isEqualTo("{\"status\":401,\"error\":\"unauthorized\"}");
                assertThat(RawHttp.get(address, path, basic("ops:wrong horse")).status()).isEqualTo(401);
                assertThat(RawHttp.get(address, path, "Authorization: Bearer nope-nope-nope").status()).isEqualTo(401);
                assertThat(RawHttp.get(address, path, basic("ops:correct horse")).status()).isEqualTo(200);
                assertThat(RawHttp.get(address, path, "Authorization: Bearer t0ken-t0ken-t0ken").status()).isEqualTo(200);
            }
            // the route got the request, without the credentials the listener already checked
            assertThat(seen.get().headers()).containsKey("host").doesNotContainKey("authorization");
            for (String probe : List.of("/health", "/health/live", "/health/ready", "/health/started")) {
                assertThat(RawHttp.get(address, probe).status()).as(probe).isEqualTo(200);
            }
            assertThat(RawHttp.get(address, "/vitals/api?w=1m").body()).isEqualTo("{\"path\":\"/vitals/api\",\"window\":\"1m\"}");
        }
    }

    @Test
    void secretsAreMaskedInStatusAndProbeBodies() throws Exception {
        try (ServerFixture fixture = new ServerFixture(AUTH)) {
            fixture.health.components(component("exporter:datadog", HealthStatus.DOWN, List.of(Probe.READINESS),
                    List.of(new HealthRecord(1_795_000_000_000L, false, "403 for key t0ken-t0ken-t0ken")),
                    Map.of("api-key", "dd-abcdef", "site", "datadoghq.eu", "note", "user ops:correct horse")));
            String status = RawHttp.get(fixture.address(), "/status", "Authorization: Bearer t0ken-t0ken-t0ken").body();
            JsonNode datadog = Json.read(status).path("components").path("exporter:datadog");
            assertThat(datadog.path("records")).singleElement().satisfies(
                    record -> assertThat(record.asText()).endsWith(": [error] 403 for key ****"));
            assertThat(datadog.path("data").path("api-key").asText()).isEqualTo("****");
            assertThat(datadog.path("data").path("note").asText()).isEqualTo("user ops:****");
            assertThat(datadog.path("data").path("site").asText()).isEqualTo("datadoghq.eu");
            assertThat(status).doesNotContain("t0ken-t0ken-t0ken").doesNotContain("dd-abcdef").doesNotContain("correct horse");
            // with auth on, only a client with credentials gets the checks' data (see ProbeDetailIT)
            String ready = RawHttp.get(fixture.address(), "/health/ready", "Authorization: Bearer t0ken-t0ken-t0ken").body();
            assertThat(Json.read(ready).path("checks")).filteredOn(check -> check.path("name").asText().equals("exporter:datadog"))
                    .singleElement().satisfies(check ->
                            assertThat(check.path("data").path("message").asText()).isEqualTo("403 for key ****"));
            assertThat(ready).doesNotContain("t0ken").doesNotContain("dd-abcdef");
        }
    }

    @Test
    void aRouteCannotSplitTheResponseNorSendAnInvalidStatus() throws Exception {
        StatusRoute splitting = new StatusRoute() {
            public String path() {
                return "/split";
            }

            public StatusResponse handle(StatusRequest request) {
                return new StatusResponse(200, "text/plain", "ok".getBytes(StandardCharsets.UTF_8),
                        Map.of("x-ok", "fine", "x-evil", "a\r\nSet-Cookie: stolen=1", "bad name", "v"), false);
            }
        };
        StatusRoute invalid = new StatusRoute() {
            public String path() {
                return "/invalid";
            }

            public StatusResponse handle(StatusRequest request) {
                return new StatusResponse(42, "text/plain", new byte[0], Map.of(), false);
            }
        };
        try (ServerFixture fixture = new ServerFixture("", splitting, invalid)) {
            try (RawHttp http = new RawHttp(fixture.address())) {
                RawHttp.Response split = http.exchange("GET", "/split");
                assertThat(split.status()).isEqualTo(200);
                assertThat(split.body()).isEqualTo("ok");
                assertThat(split.header("x-ok")).isEqualTo("fine");
                assertThat(split.headers()).doesNotContainKeys("x-evil", "set-cookie", "bad name");
                RawHttp.Response bad = http.exchange("GET", "/invalid");
                assertThat(bad.status()).isEqualTo(500);
                assertThat(bad.body()).isEqualTo("{\"status\":500,\"error\":\"internal error\"}");
                assertThat(http.exchange("GET", "/health/live").status()).isEqualTo(200);
            }
        }
    }

    @Test
    void routesGetParsedRequestsAndTheirAnswersAreGzippedWhenAccepted() throws Exception {
        try (ServerFixture fixture = new ServerFixture("", metrics)) {
            try (RawHttp http = new RawHttp(fixture.address())) {
                RawHttp.Response plain = http.exchange("GET", "/metrics?name[]=a&name[]=b", "X-Trace: abc", "Accept: text/plain");
                assertThat(plain.status()).isEqualTo(200);
                assertThat(plain.body()).isEqualTo(METRICS_TEXT);
                assertThat(plain.header("content-type")).isEqualTo("text/plain; version=0.0.4; charset=utf-8");
                assertThat(plain.header("x-scrape")).isEqualTo("1");
                // the route cannot set the listener's framing headers
                assertThat(plain.header("content-length")).isEqualTo(String.valueOf(METRICS_TEXT.length()));
                assertThat(seen.get().path()).isEqualTo("/metrics");
                assertThat(seen.get().query()).containsEntry("name[]", List.of("a", "b"));
                assertThat(seen.get().header("X-TRACE")).isEqualTo("abc");
                assertThat(seen.get().method()).isEqualTo("GET");

                RawHttp.Response zipped = http.exchange("GET", "/metrics", "Accept-Encoding: gzip, deflate");
                assertThat(zipped.header("content-encoding")).isEqualTo("gzip");
                assertThat(zipped.header("vary")).isEqualTo("accept-encoding");
                assertThat(Integer.parseInt(zipped.header("content-length"))).isLessThan(METRICS_TEXT.length() / 10);
                assertThat(zipped.body()).isEqualTo(METRICS_TEXT);

                RawHttp.Response head = http.exchange("HEAD", "/metrics");
                assertThat(head.header("content-length")).isEqualTo(String.valueOf(METRICS_TEXT.length()));
                assertThat(seen.get().method()).isEqualTo("HEAD");
                assertThat(http.exchange("GET", "/health/live").status()).isEqualTo(200);
            }
        }
    }
}
