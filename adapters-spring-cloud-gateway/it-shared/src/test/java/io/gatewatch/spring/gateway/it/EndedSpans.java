package io.gatewatch.spring.gateway.it;

import static io.gatewatch.spring.gateway.it.GatewayHarness.get;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.ReadWriteSpan;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.springframework.boot.test.context.TestConfiguration;

/**
 * Every sampled span the tracer ends, as its SDK hands them to exporters (Boot adds span processor
 * beans), and what the tracer tests of both server flavours check against them: that gatewatch's
 * latency exemplars carry exactly such a span's ids.
 */
@TestConfiguration(proxyBeanMethods = false)
public class EndedSpans implements SpanProcessor {
    private static final Duration WAIT = Duration.ofSeconds(10);

    public final List<SpanData> spans = new CopyOnWriteArrayList<>();

    /** The server spans ended so far, oldest first. */
    public List<SpanData> server() {
        return spans.stream().filter(s -> s.getKind() == SpanKind.SERVER).toList();
    }

    /** Waits for the server span after the first {@code before}: the one the next request made. */
    public SpanData nextServerSpan(int before) {
        return await().atMost(WAIT).until(this::server, s -> s.size() == before + 1).get(before);
    }

    /** Every latency histogram of {@code route} carries {@code span} as its one exemplar with these ids. */
    public static void assertExemplar(int statusPort, String route, SpanData span) {
        String exemplar = "# {span_id=\"" + span.getSpanId() + "\",trace_id=\"" + span.getTraceId() + "\"}";
        await().atMost(WAIT).untilAsserted(() -> {
            String text = openMetrics(statusPort);
            for (String histogram : new String[] {"gateway_request_duration_seconds_bucket",
                    "gateway_upstream_duration_seconds_bucket", "gateway_overhead_duration_seconds_bucket"}) {
                assertThat(text.lines().filter(l -> l.startsWith(histogram) && l.contains("route=\"" + route + "\"")
                        && l.contains(exemplar))).as(histogram + " " + exemplar).hasSize(1);
            }
        });
    }

    /** The status listener's {@code /metrics} in OpenMetrics, the format that carries exemplars. */
    public static String openMetrics(int statusPort) {
        HttpResponse<byte[]> r = get(statusPort, "/metrics", "Accept", "application/openmetrics-text; version=1.0.0");
        assertThat(r.statusCode()).isEqualTo(200);
        return new String(r.body(), StandardCharsets.UTF_8);
    }

    @Override
    public void onStart(Context parentContext, ReadWriteSpan span) {
    }

    @Override
    public boolean isStartRequired() {
        return false;
    }

    @Override
    public void onEnd(ReadableSpan span) {
        spans.add(span.toSpanData());
    }

    @Override
    public boolean isEndRequired() {
        return true;
    }

    @Override
    public CompletableResultCode shutdown() {
        return CompletableResultCode.ofSuccess();
    }
}
