package io.gatewatch.spring.gateway.it;

import static io.gatewatch.spring.gateway.it.GatewayHarness.get;
import static org.assertj.core.api.Assertions.assertThat;
import static io.gatewatch.spring.gateway.it.EndedSpans.assertExemplar;
import static io.gatewatch.spring.gateway.it.EndedSpans.openMetrics;
import static org.awaitility.Awaitility.await;

import io.gatewatch.testing.gateway.Upstream;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The same gateway with Micrometer Tracing over OpenTelemetry switched on (the bridge is on the
 * classpath; the other tests exclude its auto-configuration): the exemplars carry the ids of the
 * server span the tracer made for the request, as the tracer itself ended and exported it.
 */
@SpringBootTest(classes = {TestGateway.class, EndedSpans.class},
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"spring.autoconfigure.exclude=", "management.tracing.sampling.probability=1.0",
                // Boot 3's test support switches tracing (propagation included) off unless told otherwise
                "spring.test.observability.auto-configure=true"})
class TracerSpanExemplarTest {
    static final Upstream UPSTREAM = new Upstream();
    static final int STATUS_PORT = GatewayHarness.freePort();
    static final Duration WAIT = Duration.ofSeconds(10);

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

    @Test
    void exemplars_carry_the_tracers_server_span_whether_it_started_the_trace_or_continued_one() {
        // no traceparent: the tracer starts a trace (sampled: probability 1) and that is the exemplar
        int before = ended.server().size();
        assertThat(get(port, "/users/1").statusCode()).isEqualTo(200);
        SpanData started = ended.nextServerSpan(before);
        assertThat(started.getParentSpanContext().isValid()).isFalse();
        assertExemplar(STATUS_PORT, "users", started);

        // a sampled incoming traceparent: the tracer's server span is its child, and the exemplar is that child
        String parentTrace = "4bf92f3577b34da6a3ce929d0e0e4736";
        String parentSpan = "00f067aa0ba902b7";
        assertThat(get(port, "/traced/1", "traceparent", "00-" + parentTrace + "-" + parentSpan + "-01").statusCode())
                .isEqualTo(200);
        SpanData child = ended.nextServerSpan(before + 1);
        assertThat(child.getTraceId()).isEqualTo(parentTrace);
        assertThat(child.getParentSpanId()).isEqualTo(parentSpan);
        assertThat(child.getSpanId()).isNotEqualTo(parentSpan);
        assertExemplar(STATUS_PORT, "traced", child);
        assertThat(openMetrics(STATUS_PORT)).doesNotContain("span_id=\"" + parentSpan + "\"");
    }

    @Test
    void an_unsampled_incoming_traceparent_leaves_no_exemplar() {
        String unsampledTrace = "0af7651916cd43dd8448eb211c80319c";
        assertThat(get(port, "/cached/1", "traceparent", "00-" + unsampledTrace + "-b7ad6b7169203331-00").statusCode())
                .isEqualTo(200);
        await().atMost(WAIT).untilAsserted(() -> assertThat(openMetrics(STATUS_PORT)).contains("route=\"cached\""));
        // the tracer followed the parent's decision: no span ended for it, and no exemplar names its trace
        assertThat(ended.spans).noneMatch(s -> s.getTraceId().equals(unsampledTrace));
        assertThat(openMetrics(STATUS_PORT).lines().filter(l -> l.contains("route=\"cached\"") && l.contains("# {")))
                .isEmpty();
    }
}
