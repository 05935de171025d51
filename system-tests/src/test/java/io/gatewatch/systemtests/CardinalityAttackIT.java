package io.gatewatch.systemtests;

import static org.assertj.core.api.Assertions.assertThat;

import io.gatewatch.systemtests.support.Figures;
import io.gatewatch.systemtests.support.JvmHeap;
import io.gatewatch.systemtests.support.PromText;
import io.gatewatch.systemtests.support.Wrk;
import io.gatewatch.testing.gateway.SampleGatewayProcess;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Scenario 3: a million requests through the gateway, each with a path never seen before, nine in
 * ten with an API key never seen before, one in three with a made-up HTTP method. The series of every metric stay at the cap
 * (a low one here, 40, so that the gateway's real label combinations reach it), the heap does not
 * grow, every request is still counted, and the overflow self-metric names the folded label.
 */
class CardinalityAttackIT {
    private static final int CAP = 40;
    /** The store's documented bound: folded series take at most max(10, cap / 10) more, plus one all-"other" series. */
    private static final int MAX_SERIES = CAP + Math.max(10, CAP / 10) + 1;
    private static final long ATTACK_REQUESTS = 1_000_000;
    private static final long MAX_HEAP_GROWTH = 16L * 1024 * 1024;
    /**
     * Gross: the script stops wrk once it sent the million; this only caps a run that hangs. A loaded
     * two-core machine may need several times the quiet run's minute or so, so the rate is a figure.
     */
    private static final int ATTACK_LIMIT_SECONDS = 600;

    @TempDir
    Path dir;

    @Test
    void aMillionDistinctValuesKeepSeriesAtTheCapAndCountEverything() throws Exception {
        Wrk wrk = Wrk.find();
        Path script = Wrk.script(dir, "cardinality-attack.lua");
        try (SampleGatewayProcess node = SampleGatewayProcess.start(dir.resolve("node"), SampleGatewayProcess.options()
                .set("gatewatch.metrics.max-series-per-metric", CAP)
                .set("gatewatch.metrics.per-consumer", true)
                .set("gatewatch.exporters.json-file.enabled", false))) {
            // warm up (JIT, pools, every embedded upstream) so the heap baseline is the steady state
            wrk.run(dir, node.url("/api/flaky/warm"), 2, 16, 3, null);
            long heapBefore = JvmHeap.afterFullGc(node.pid());
            PromText before = PromText.parse(node.metrics());

            Wrk.Result attack = wrk.run(dir, node.url("/"), 2, 32, ATTACK_LIMIT_SECONDS, script, String.valueOf(ATTACK_REQUESTS), "2");

            System.out.println(attack.output());
            PromText after = PromText.parse(node.metrics());
            long heapAfter = JvmHeap.afterFullGc(node.pid());
            long sent = attack.extra("sent");
            long answered = attack.extra("answered");
            long madeUp = attack.extra("made_up_methods");
            assertThat(answered).as("distinct requests answered").isGreaterThanOrEqualTo(ATTACK_REQUESTS);
            assertThat(attack.socketErrors()).as(attack.output()).isZero();

            // series stay at the cap (plus the bounded room for folded series)
            for (PromText.Sample s : after.samples("gatewatch_series")) {
                assertThat(s.value()).as("series of %s", s.labels()).isLessThanOrEqualTo(MAX_SERIES);
            }
            assertThat(after.value("gatewatch_series", "metric", "requests")).isGreaterThanOrEqualTo(CAP);
            assertThat(after.samples("gateway_requests_total")).hasSizeLessThanOrEqualTo(MAX_SERIES);

            // the overflow self-metric says what happened: which metric, which label was folded
            double overflow = after.sum("gatewatch_cardinality_overflow_total", l -> "requests".equals(l.get("metric")));
            assertThat(overflow).as("overflow of requests").isPositive();
            String folded = after.samples("gatewatch_cardinality_overflow_total").stream()
                    .filter(s -> "requests".equals(s.labels().get("metric"))).findFirst().orElseThrow().labels().get("label");
            assertThat(after.samples("gateway_requests_total")).as("series folded into %s=\"other\"", folded)
                    .anyMatch(s -> "other".equals(s.labels().get(folded)));

            // nothing lost: every answered request was counted, and no more than were sent
            double requests = delta(before, after, "gateway_requests_total");
            assertThat(requests).isBetween((double) answered, (double) sent);
            assertThat(delta(before, after, "gateway_request_duration_seconds_count")).isEqualTo(requests);
            double attempts = delta(before, after, "gateway_auth_attempts_total");
            double failures = delta(before, after, "gateway_auth_failures_total");
            assertThat(failures).as("random keys rejected").isPositive().isLessThan(attempts);

            long growth = heapAfter - heapBefore;
            assertThat(growth).as("heap growth in bytes").isLessThan(MAX_HEAP_GROWTH);
            assertThat(node.status("/health/ready").statusCode()).isEqualTo(200);

            Figures.record("3 cardinality attack",
                    "%d requests answered (%d sent, %d with made-up methods) in %.0f req/s; requests series %.0f (cap %d, bound %d); "
                            + "overflow folds %.0f on label %s; counted %.0f; heap after GC %.1f -> %.1f MiB (growth %.2f MiB, limit %.0f)",
                    answered, sent, madeUp, attack.measuredRate(), after.value("gatewatch_series", "metric", "requests"), CAP, MAX_SERIES,
                    overflow, folded, requests, Figures.mib(heapBefore), Figures.mib(heapAfter), growth / 1048576.0,
                    Figures.mib(MAX_HEAP_GROWTH));
        }
    }

    private static double delta(PromText before, PromText after, String name) {
        return after.sum(name) - before.sum(name);
    }
}
