package io.gatewatch.spring.gateway.it;

import static io.gatewatch.spring.gateway.it.EndedSpans.assertExemplar;
import static io.gatewatch.spring.gateway.it.EndedSpans.openMetrics;
import static io.gatewatch.spring.gateway.it.GatewayHarness.get;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.gatewatch.testing.gateway.Upstream;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * What both server flavours must do with Micrometer Tracing over OpenTelemetry switched on: the
 * exemplars carry the ids of the server span the tracer made for the request, as the tracer itself
 * ended and exported it. A flavour's test names its application (with {@link EndedSpans}) in its
 * {@code @SpringBootTest} and the requests to send. The upstream is static, for
 * {@code @DynamicPropertySource}, and closed after the class: one subclass per test module.
 */
public abstract class TracerSpanExemplarScenarios {
    protected static final Upstream UPSTREAM = new Upstream();
    protected static final int STATUS_PORT = GatewayHarness.freePort();
    private static final Duration WAIT = Duration.ofSeconds(10);

    /** A request's path and the route id it is counted under. */
    public record Hit(String path, String route) {
    }

    @LocalServerPort
    int port;

    @Autowired
    EndedSpans ended;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("upstream.url", UPSTREAM::url);
        registry.add("upstream.closed-port", Upstream::closedPort);
        registry.add("gatewatch.status.port", () -> STATUS_PORT);
    }

    @AfterAll
    static void stopUpstream() {
        UPSTREAM.close();
    }

    /** Sent without a traceparent: the tracer starts the trace. */
    protected abstract Hit startsATrace();

    /** Sent with a sampled traceparent: the tracer continues it. */
    protected abstract Hit continuesATrace();

    /** Sent with an unsampled traceparent. */
    protected abstract Hit unsampled();

    @Test
    void exemplars_carry_the_tracers_server_span_whether_it_started_the_trace_or_continued_one() {
        // no traceparent: the tracer starts a trace (sampled: probability 1) and that is the exemplar
        int before = ended.server().size();
        assertThat(get(port, startsATrace().path()).statusCode()).isEqualTo(200);
        SpanData started = ended.nextServerSpan(before);
        assertThat(started.getParentSpanContext().isValid()).isFalse();
        assertExemplar(STATUS_PORT, startsATrace().route(), started);

        // a sampled incoming traceparent: the tracer's server span is its child, and the exemplar is that child
        String parentTrace = "4bf92f3577b34da6a3ce929d0e0e4736";
        String parentSpan = "00f067aa0ba902b7";
        assertThat(get(port, continuesATrace().path(), "traceparent", "00-" + parentTrace + "-" + parentSpan + "-01")
                .statusCode()).isEqualTo(200);
        SpanData child = ended.nextServerSpan(before + 1);
        assertThat(child.getTraceId()).isEqualTo(parentTrace);
        assertThat(child.getParentSpanId()).isEqualTo(parentSpan);
        assertThat(child.getSpanId()).isNotEqualTo(parentSpan);
        assertExemplar(STATUS_PORT, continuesATrace().route(), child);
        assertThat(openMetrics(STATUS_PORT)).doesNotContain("span_id=\"" + parentSpan + "\"");
    }

    @Test
    void an_unsampled_incoming_traceparent_leaves_no_exemplar() {
        String unsampledTrace = "0af7651916cd43dd8448eb211c80319c";
        String route = unsampled().route();
        double before = GatewayHarness.metrics(STATUS_PORT).sum("gateway_requests_total", GatewayHarness.labels("route", route));
        assertThat(get(port, unsampled().path(), "traceparent", "00-" + unsampledTrace + "-b7ad6b7169203331-00").statusCode())
                .isEqualTo(200);
        // recorded once the request ended; the tracer followed the parent's decision: no span ended for it
        await().atMost(WAIT).untilAsserted(() -> assertThat(GatewayHarness.metrics(STATUS_PORT)
                .sum("gateway_requests_total", GatewayHarness.labels("route", route))).isEqualTo(before + 1));
        assertThat(ended.spans).noneMatch(s -> s.getTraceId().equals(unsampledTrace));
        assertThat(openMetrics(STATUS_PORT)).doesNotContain(unsampledTrace);
    }
}
