package io.gatewatch.systemtests;

import static org.assertj.core.api.Assertions.assertThat;

import io.gatewatch.systemtests.support.Figures;
import io.gatewatch.systemtests.support.ProbeWatch;
import io.gatewatch.systemtests.support.Wrk;
import io.gatewatch.testing.gateway.GatewayOptions;
import io.gatewatch.testing.gateway.SampleGatewayProcess;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A flood of any status route must not make a probe answer anything but its
 * true state. The sample gateway runs as its own process; wrk floods one route of the status port
 * with 64 connections while liveness and readiness are probed about ten times a second each with a
 * time limit (see {@link #PROBE_LIMIT}), as a kubelet or load balancer would. Before the fix, the listener's two workers and
 * 64-place queue were shared by every route and a full queue was answered with a probe-shaped
 * 503 "timeout": 15 of 113 liveness and 9 of 113 readiness probes failed under a readiness flood.
 */
class ProbesUnderFloodIT {
    private static final String TOKEN = "fl00d-t0ken-fl00d";
    // A kubelet's default limit is 1 s. The watch runs in the test's JVM, which shares the two cores
    // with the attacker, wrk and the gateway: under a CPU burner the slowest answer measured was
    // 949 ms. The asserted limit is twice that, gross; the slowest answer is the printed figure.
    private static final Duration PROBE_LIMIT = Duration.ofSeconds(2);
    private static final int FLOOD_SECONDS = 8;
    private static final List<String> FLOODED = List.of("/health/ready", "/metrics", "/vitals/series?metric=bogus");

    @Test
    void probesKeepTheirTrueStateUnderAFloodOfAnyRoute(@TempDir Path dir) throws Exception {
        flood(dir, SampleGatewayProcess.options(), null, "no auth");
    }

    @Test
    void probesKeepTheirTrueStateUnderAFloodWithAuthOn(@TempDir Path dir) throws Exception {
        // the flood sends valid credentials, so /metrics and /vitals really run: the heaviest case
        flood(dir, SampleGatewayProcess.options().set("gatewatch.status.auth.bearer-token", TOKEN),
                "Bearer " + TOKEN, "auth on");
    }

    private static void flood(Path dir, GatewayOptions options, String authorization, String mode) throws Exception {
        try (SampleGatewayProcess node = SampleGatewayProcess.start(dir.resolve("node"),
                options.set("gatewatch.exporters.json-file.enabled", false))) {
            Wrk wrk = Wrk.find();
            Path script = Wrk.script(dir, "status-answers.lua");
            String[] args = authorization == null ? new String[0] : new String[] {authorization};
            // every route is flooded and its figures recorded before the verdict, so one run shows them all
            SoftAssertions verdict = new SoftAssertions();
            for (String route : FLOODED) {
                Wrk.Result flood;
                List<String> misses;
                long probes;
                long slowest;
                // each round asks both probes, then waits 90 ms: about ten of each a second
                try (ProbeWatch watch = new ProbeWatch(node.statusPort, List.of("/health/live", "/health/ready"),
                        PROBE_LIMIT, 90)) {
                    flood = wrk.run(dir, "http://127.0.0.1:" + node.statusPort + route, 2, 64, FLOOD_SECONDS, script, args);
                    misses = List.copyOf(watch.misses());
                    probes = watch.probes();
                    slowest = watch.slowestMillis();
                }
                Figures.record("probes under a flood (" + mode + ")",
                        "%s flooded with 64 connections for %d s: %d requests (%.0f/s; %d ok, %d busy, %d of them with"
                                + " Retry-After, %d other); %d probes of /health/live and /health/ready, %d not 200 or"
                                + " over 1 s, slowest %d ms",
                        route, FLOOD_SECONDS, flood.requests(), flood.measuredRate(), flood.extra("ok"),
                        flood.extra("busy"), flood.extra("retry_after"), flood.extra("other"), probes, misses.size(),
                        slowest);
                verdict.assertThat(misses).as("probes during the flood of " + route).isEmpty();
                verdict.assertThat(probes).as("probes asked during the flood of " + route)
                        .isGreaterThanOrEqualTo(2L * FLOOD_SECONDS);
                if (route.startsWith("/health")) {
                    // the flooding probes are probes too: every one answered with the true state
                    verdict.assertThat(flood.extra("ok")).as("flooding probes answered 200").isEqualTo(flood.requests());
                } else {
                    // a full queue is said honestly: 503 busy with Retry-After, never a probe-shaped body
                    verdict.assertThat(flood.extra("retry_after")).as("busy answers with Retry-After")
                            .isEqualTo(flood.extra("busy"));
                }
                verdict.assertThat(flood.socketErrors()).as("wrk socket errors flooding " + route).isZero();
            }
            verdict.assertAll();
            assertThat(node.status("/health/live").statusCode()).isEqualTo(200);
        }
    }
}
