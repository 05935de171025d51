package io.gatewatch.gravitee.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.ConfigFactory;
import io.gatewatch.Gatewatch;
import io.gravitee.common.http.HttpMethod;
import io.gravitee.reporter.api.v4.metric.Metrics;
import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;

/**
 * What recording one reported request allocates once its API's handles exist (Gravitee built the
 * Metrics object already): the thread's own allocation counter, exact, not a sample. The CPU time
 * per report is printed, not asserted.
 */
class ReportAllocationTest {
    private static final int WARM_UP = 50_000;
    private static final int MEASURED = 200_000;

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
            long thread = Thread.currentThread().getId();
            run(recorder, reports, WARM_UP);
            long before = threads.getThreadAllocatedBytes(thread);
            long start = threads.getCurrentThreadCpuTime();
            run(recorder, reports, MEASURED);
            long nanos = threads.getCurrentThreadCpuTime() - start;
            long bytes = threads.getThreadAllocatedBytes(thread) - before;
            System.out.printf("gravitee report path: %.3f B/report allocated, %.0f ns of CPU/report (%d reports)%n",
                    (double) bytes / MEASURED, (double) nanos / MEASURED, MEASURED);
            assertThat(recorder.resolvedApis()).isEqualTo(2);
            // a few hundred bytes of slack for the measurement itself, over 200,000 reports
            assertThat((double) bytes / MEASURED).isLessThan(0.01);
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
