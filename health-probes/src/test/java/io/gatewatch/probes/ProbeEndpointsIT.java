package io.gatewatch.probes;

import static io.gatewatch.probes.FakeHealth.component;
import static org.assertj.core.api.Assertions.assertThat;

import io.gatewatch.api.HealthStatus;
import io.gatewatch.api.HealthView.HealthRecord;
import io.gatewatch.api.Probe;
import io.gatewatch.api.RuntimeInfo.State;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Every probe endpoint's status code and body, over real HTTP, in each state the node can be in. */
class ProbeEndpointsIT {
    private static final long T1 = 1_795_000_100_000L;
    private static final long T2 = 1_795_000_105_000L;
    private ServerFixture fixture;

    @BeforeEach
    void start() throws Exception {
        fixture = new ServerFixture("");
    }

    @AfterEach
    void stop() {
        fixture.close();
    }

    private void healthy() {
        fixture.health.components(
                component("config", HealthStatus.HEALTHY, List.of(Probe.READINESS, Probe.STARTUP),
                        List.of(new HealthRecord(T1, true, "loaded application.conf")), Map.of()),
                component("db", HealthStatus.HEALTHY, List.of(Probe.LIVENESS, Probe.READINESS),
                        List.of(new HealthRecord(T1, true, "pool ok")), Map.of("pool", 4)));
    }

    private RawHttp.Response get(String path) throws Exception {
        return RawHttp.get(fixture.address(), path);
    }

    @Test
    void upAnswers200OnEveryProbe() throws Exception {
        healthy();
        RawHttp.Response live = get("/health/live");
        assertThat(live.status()).isEqualTo(200);
        assertThat(live.header("content-type")).isEqualTo("application/json");
        assertThat(live.header("cache-control")).isEqualTo("no-store");
        assertThat(live.body()).isEqualTo("{\"status\":\"UP\",\"checks\":[{\"name\":\"db\",\"status\":\"UP\",\"data\":{\"pool\":4}}]}");

        RawHttp.Response ready = get("/health/ready");
        assertThat(ready.status()).isEqualTo(200);
        assertThat(ready.body()).isEqualTo("{\"status\":\"UP\",\"checks\":["
                + "{\"name\":\"lifecycle\",\"status\":\"UP\",\"data\":{\"state\":\"running\"}},"
                + "{\"name\":\"config\",\"status\":\"UP\"},"
                + "{\"name\":\"db\",\"status\":\"UP\",\"data\":{\"pool\":4}}]}");

        RawHttp.Response started = get("/health/started");
        assertThat(started.status()).isEqualTo(200);
        assertThat(started.body()).isEqualTo("{\"status\":\"UP\",\"checks\":["
                + "{\"name\":\"lifecycle\",\"status\":\"UP\",\"data\":{\"state\":\"running\"}},"
                + "{\"name\":\"config\",\"status\":\"UP\"}]}");

        RawHttp.Response all = get("/health");
        assertThat(all.status()).isEqualTo(200);
        assertThat(all.body()).isEqualTo("{\"status\":\"UP\",\"checks\":["
                + "{\"name\":\"lifecycle\",\"status\":\"UP\",\"data\":{\"state\":\"running\"}},"
                + "{\"name\":\"db\",\"status\":\"UP\",\"data\":{\"pool\":4}},"
                + "{\"name\":\"config\",\"status\":\"UP\"}]}");
    }

    @Test
    void degradedStillServesTrafficByDefault() throws Exception {
        fixture.health.components(component("upstream", HealthStatus.DEGRADED, List.of(Probe.READINESS),
                List.of(new HealthRecord(T1, true, "reachable"), new HealthRecord(T2, false, "timeout after 2s")),
                Map.of()));
        RawHttp.Response ready = get("/health/ready");
        assertThat(ready.status()).isEqualTo(200);
        assertThat(ready.body()).isEqualTo("{\"status\":\"DEGRADED\",\"checks\":["
                + "{\"name\":\"lifecycle\",\"status\":\"UP\",\"data\":{\"state\":\"running\"}},"
                + "{\"name\":\"upstream\",\"status\":\"DEGRADED\",\"data\":{\"message\":\"timeout after 2s\"}}]}");
        RawHttp.Response all = get("/health");
        assertThat(all.status()).isEqualTo(200);
        assertThat(all.body()).startsWith("{\"status\":\"DEGRADED\"");
    }

    @Test
    void degradedFailsReadinessWhenTheCheckSaysSo() throws Exception {
        fixture.health.degradedFailsReadiness("upstream").components(component("upstream", HealthStatus.DEGRADED,
                List.of(Probe.READINESS), List.of(new HealthRecord(T2, false, "timeout after 2s")), Map.of()));
        RawHttp.Response ready = get("/health/ready");
        assertThat(ready.status()).isEqualTo(503);
        assertThat(ready.body()).isEqualTo("{\"status\":\"DOWN\",\"checks\":["
                + "{\"name\":\"lifecycle\",\"status\":\"UP\",\"data\":{\"state\":\"running\"}},"
                + "{\"name\":\"upstream\",\"status\":\"DEGRADED\",\"data\":{\"message\":\"timeout after 2s\"}}]}");
        assertThat(get("/health/live").status()).isEqualTo(200);
    }

    @Test
    void downAnswers503WithTheSameShape() throws Exception {
        fixture.health.components(component("db", HealthStatus.DOWN, List.of(Probe.LIVENESS, Probe.READINESS),
                List.of(new HealthRecord(T2, false, "connection refused")), Map.of("host", "db.internal")));
        RawHttp.Response live = get("/health/live");
        assertThat(live.status()).isEqualTo(503);
        assertThat(live.body()).isEqualTo("{\"status\":\"DOWN\",\"checks\":[{\"name\":\"db\",\"status\":\"DOWN\","
                + "\"data\":{\"host\":\"db.internal\",\"message\":\"connection refused\"}}]}");
        assertThat(get("/health/ready").status()).isEqualTo(503);
        assertThat(get("/health").status()).isEqualTo(503);
        assertThat(get("/health").body()).startsWith("{\"status\":\"DOWN\"");
    }

    @Test
    void startingIsNotReadyNorStartedButLive() throws Exception {
        healthy();
        fixture.runtime.state(State.STARTING);
        fixture.health.reason(Probe.READINESS, "starting");
        RawHttp.Response ready = get("/health/ready");
        assertThat(ready.status()).isEqualTo(503);
        assertThat(ready.body()).isEqualTo("{\"status\":\"DOWN\",\"checks\":["
                + "{\"name\":\"lifecycle\",\"status\":\"DOWN\",\"data\":{\"state\":\"starting\",\"reason\":\"starting\"}},"
                + "{\"name\":\"config\",\"status\":\"UP\"},"
                + "{\"name\":\"db\",\"status\":\"UP\",\"data\":{\"pool\":4}}]}");
        RawHttp.Response started = get("/health/started");
        assertThat(started.status()).isEqualTo(503);
        assertThat(started.body()).startsWith("{\"status\":\"DOWN\",\"checks\":["
                + "{\"name\":\"lifecycle\",\"status\":\"DOWN\",\"data\":{\"state\":\"starting\"}}");
        assertThat(get("/health/live").status()).isEqualTo(200);
        assertThat(get("/health").status()).isEqualTo(503);
    }

    @Test
    void drainingTakesReadinessDownAtOnceWhileLivenessStaysUp() throws Exception {
        healthy();
        assertThat(get("/health/ready").status()).isEqualTo(200);
        // the runtime moved to DRAINING; even before the health view says so, readiness follows it
        fixture.runtime.state(State.DRAINING);
        RawHttp.Response ready = get("/health/ready");
        assertThat(ready.status()).isEqualTo(503);
        assertThat(ready.body()).startsWith("{\"status\":\"DOWN\",\"checks\":["
                + "{\"name\":\"lifecycle\",\"status\":\"DOWN\",\"data\":{\"state\":\"draining\"}}");
        assertThat(get("/health/live").status()).isEqualTo(200);
        assertThat(get("/health/started").status()).isEqualTo(200);
        assertThat(get("/status").status()).isEqualTo(200);
    }

    @Test
    void statusDocumentDescribesEveryComponentAndAlwaysAnswers200() throws Exception {
        fixture.health.components(
                component("config", HealthStatus.HEALTHY, List.of(),
                        List.of(new HealthRecord(T1, true, "loaded application.conf")), Map.of()),
                component("exporter:statsd", HealthStatus.DOWN, List.of(),
                        List.of(new HealthRecord(T1, false, "connection refused"),
                                new HealthRecord(T2, false, "connection \"refused\"")),
                        Map.of("dropped", 12)),
                component("db", HealthStatus.HEALTHY, List.of(Probe.LIVENESS, Probe.READINESS), List.of(), Map.of()));
        fixture.runtime.state(State.DRAINING);
        RawHttp.Response status = get("/status");
        assertThat(status.status()).isEqualTo(200);
        assertThat(status.body()).isEqualTo("{\"status\":\"degraded\",\"state\":\"draining\",\"nodeId\":\"node-1\","
                + "\"version\":\"0.1.0-test\",\"commit\":\"abc1234\",\"startTime\":\"2026-11-18T11:06:40Z\","
                + "\"components\":{"
                + "\"config\":{\"status\":\"healthy\",\"probes\":[],"
                + "\"records\":[\"2026-11-18T11:08:20Z: [ok] loaded application.conf\"]},"
                + "\"exporter:statsd\":{\"status\":\"down\",\"probes\":[],"
                + "\"records\":[\"2026-11-18T11:08:20Z: [error] connection refused\","
                + "\"2026-11-18T11:08:25Z: [error] connection \\\"refused\\\"\"],\"data\":{\"dropped\":12}},"
                + "\"db\":{\"status\":\"healthy\",\"probes\":[\"liveness\",\"readiness\"],\"records\":[]}}}");
        fixture.health.components(component("db", HealthStatus.DOWN, List.of(Probe.LIVENESS), List.of(), Map.of()));
        RawHttp.Response down = get("/status");
        assertThat(down.status()).isEqualTo(200);
        assertThat(down.body()).startsWith("{\"status\":\"down\"");
    }

    @Test
    void headAnswersLikeGetWithoutABody() throws Exception {
        healthy();
        RawHttp.Response get = get("/health/ready");
        try (RawHttp http = new RawHttp(fixture.address())) {
            RawHttp.Response head = http.exchange("HEAD", "/health/ready");
            assertThat(head.status()).isEqualTo(200);
            assertThat(head.header("content-length")).isEqualTo(String.valueOf(get.body().length()));
            assertThat(head.body()).isEmpty();
            // the connection is still in step: the next answer parses
            assertThat(http.exchange("GET", "/health/live").status()).isEqualTo(200);
        }
        fixture.runtime.state(State.DRAINING);
        try (RawHttp http = new RawHttp(fixture.address())) {
            assertThat(http.exchange("HEAD", "/health/ready").status()).isEqualTo(503);
        }
    }

    @Test
    void optionsAnswers204WithAllow() throws Exception {
        try (RawHttp http = new RawHttp(fixture.address())) {
            RawHttp.Response options = http.exchange("OPTIONS", "/health/ready");
            assertThat(options.status()).isEqualTo(204);
            assertThat(options.header("allow")).isEqualTo("GET, HEAD, OPTIONS");
            assertThat(options.body()).isEmpty();
            assertThat(http.exchange("OPTIONS", "*").status()).isEqualTo(204);
            assertThat(http.exchange("OPTIONS", "/nowhere").status()).isEqualTo(404);
        }
    }

    @Test
    void keepAliveServesManyRequestsOnOneConnection() throws Exception {
        healthy();
        try (RawHttp http = new RawHttp(fixture.address())) {
            for (int i = 0; i < 20; i++) {
                assertThat(http.exchange("GET", i % 2 == 0 ? "/health/live" : "/status").status()).isEqualTo(200);
            }
        }
    }

    @Test
    void pipelinedRequestsAreAnsweredInOrder() throws Exception {
        healthy();
        fixture.health.components(component("db", HealthStatus.DOWN, List.of(Probe.LIVENESS), List.of(), Map.of()));
        try (RawHttp http = new RawHttp(fixture.address())) {
            http.send("GET /health/live HTTP/1.1\r\nHost: a\r\n\r\nGET /health/started HTTP/1.1\r\nHost: a\r\n\r\n"
                    + "GET /nope HTTP/1.1\r\nHost: a\r\n\r\n");
            assertThat(http.read(false).status()).isEqualTo(503);
            assertThat(http.read(false).status()).isEqualTo(200);
            assertThat(http.read(false).status()).isEqualTo(404);
        }
    }
}
