package io.gatewatch.probes;

import static io.gatewatch.probes.FakeHealth.component;
import static org.assertj.core.api.Assertions.assertThat;

import io.gatewatch.api.HealthStatus;
import io.gatewatch.api.HealthView.HealthRecord;
import io.gatewatch.api.Probe;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * With auth on, probes stay open to anyone (a kubelet or load balancer sends no credentials),
 * but only a client with credentials learns the checks' data: upstream addresses, messages.
 */
class ProbeDetailIT {
    private static final String TOKEN = "t0ken-t0ken-t0ken";
    private static final String AUTH = "gatewatch.status.auth.bearer-token = \"" + TOKEN + "\"";

    private static void upstreams(FakeHealth health) {
        health.components(
                component("upstream-tcp", HealthStatus.HEALTHY, List.of(Probe.LIVENESS, Probe.READINESS), List.of(),
                        Map.of("10.1.2.3:8080", "UP")),
                component("db", HealthStatus.DEGRADED, List.of(Probe.READINESS),
                        List.of(new HealthRecord(1_795_000_000_000L, false, "slow answers from db.internal:5432")),
                        Map.of("host", "db.internal")));
    }

    @Test
    void withAuthOnProbesWithoutCredentialsCarryStatusOnly() throws Exception {
        try (ServerFixture fixture = new ServerFixture(AUTH)) {
            upstreams(fixture.health);
            assertThat(RawHttp.get(fixture.address(), "/health/live").body()).isEqualTo(
                    "{\"status\":\"UP\",\"checks\":[{\"name\":\"upstream-tcp\",\"status\":\"UP\"}]}");
            assertThat(RawHttp.get(fixture.address(), "/health/ready").body()).isEqualTo(
                    "{\"status\":\"DEGRADED\",\"checks\":[{\"name\":\"lifecycle\",\"status\":\"UP\"},"
                            + "{\"name\":\"upstream-tcp\",\"status\":\"UP\"},{\"name\":\"db\",\"status\":\"DEGRADED\"}]}");
            for (String probe : List.of("/health", "/health/live", "/health/ready", "/health/started")) {
                RawHttp.Response anonymous = RawHttp.get(fixture.address(), probe);
                assertThat(anonymous.status()).as(probe).isEqualTo(200);
                assertThat(anonymous.body()).as(probe).doesNotContain("10.1.2.3").doesNotContain("db.internal")
                        .doesNotContain("\"data\"");
                // a wrong credential is no credential
                assertThat(RawHttp.get(fixture.address(), probe, "Authorization: Bearer wrong-wrong-wrong").body())
                        .as(probe).isEqualTo(anonymous.body());
            }
        }
    }

    @Test
    void withCredentialsOrWithoutAuthProbesCarryTheChecksData() throws Exception {
        try (ServerFixture fixture = new ServerFixture(AUTH)) {
            upstreams(fixture.health);
            String ready = RawHttp.get(fixture.address(), "/health/ready", "Authorization: Bearer " + TOKEN).body();
            assertThat(ready).contains("{\"name\":\"upstream-tcp\",\"status\":\"UP\",\"data\":{\"10.1.2.3:8080\":\"UP\"}}")
                    .contains("\"message\":\"slow answers from db.internal:5432\"");
        }
        try (ServerFixture fixture = new ServerFixture("")) {
            upstreams(fixture.health);
            assertThat(RawHttp.get(fixture.address(), "/health").body()).contains("\"data\":{\"10.1.2.3:8080\":\"UP\"}");
        }
    }
}
