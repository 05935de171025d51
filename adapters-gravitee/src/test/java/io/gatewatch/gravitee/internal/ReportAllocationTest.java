package io.gatewatch.gravitee.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.ConfigFactory;
import io.gatewatch.Gatewatch;
import io.gatewatch.testing.ThreadAllocation;
import io.gravitee.common.http.HttpMethod;
import io.gravitee.reporter.api.v4.metric.Metrics;
import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;

/**
 * What recording one reported request allocates once its API's handles exist (Gravitee built the
 * Metrics object already): the thread's own allocation counter, exact, not a sample, the least of
 * a few rounds. The CPU time per report is printed, not asserted.
 */
class ReportAllocationTest {
    private static final int WARM_UP = 50_000;
    private static final int MEASURED = 200_000;
    private static final int ROUNDS = 3;

    @Test
    void recording_a_report_allocates_nothing_once_its_api_is_resolved() {
        try (Gatewatch gatewatch = Gatewatch.start(ConfigFactory.parseString("""
                gatewatch.status.enabled = false
                gatewatch.exporters.prometheus.enabled = false
                gatewatch.shutdown-hook = false
                gatewatch.metrics.per-consumer = true
                """))) {
            ApiRecorder recorder = new ApiRecorder(gatewatch.metrics());
            Metrics[] reports = {
                report("api-a", "A", 200, "http://a", null), report("api-b", "B", 502, "http://b", "GATEWAY_CLIENT_CONNECTION_ERROR"),
                report("api-a", "A", 429, null, "RATE_LIMIT_TOO_MANY_REQUESTS"), report("1", null, 404, null, null)};
            com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
            run(recorder, reports, WARM_UP);
            long start = threads.getCurrentThreadCpuTime();
            long bytes = ThreadAllocation.leastOf(ROUNDS, () -> run(recorder, reports, MEASURED));
            long nanos = (threads.getCurrentThreadCpuTime() - start) / ROUNDS;
            System.out.printf("gravitee report path: %.3f B/report allocated, %.0f ns of CPU/report (%d reports, least of %d rounds)%n",
                    (double) bytes / MEASURED, (double) nanos / MEASURED, MEASURED, ROUNDS);
            assertThat(recorder.resolvedApis()).isEqualTo(2);
            // one object per report would be at least 16 B a report, 3.2 MB a round
            assertThat(bytes).isLessThan(64 * 1024);
        }
    }

    private static void run(ApiRecorder recorder, Metrics[] reports, int count) {
        for (int i = 0; i < count; i++) {
            recorder.record(reports[i & 3]);
        }
    }

    private static Metrics report(String apiId, String apiName, int status, String endpoint, String errorKey) {
        return Metrics.builder().timestamp(System.currentTimeMillis()).apiId(apiId).apiName(apiName).applicationId("app-1")
                .httpMethod(HttpMethod.GET).status(status).endpoint(endpoint).errorKey(errorKey)
                .requestContentLength(10).responseContentLength(100).gatewayResponseTimeMs(5).endpointResponseTimeMs(endpoint == null ? 0 : 3)
                .build();
    }
}
