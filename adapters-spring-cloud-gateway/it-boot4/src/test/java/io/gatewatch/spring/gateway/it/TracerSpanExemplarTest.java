package io.gatewatch.spring.gateway.it;

import org.springframework.boot.test.context.SpringBootTest;

/**
 * The WebFlux gateway with Micrometer Tracing over OpenTelemetry switched on (the bridge is on the
 * classpath; the other tests exclude its auto-configuration). Each request goes to a route of its
 * own, so no exemplar can be another request's.
 */
@SpringBootTest(classes = {TestGateway.class, EndedSpans.class},
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"spring.autoconfigure.exclude=", "management.tracing.sampling.probability=1.0",
                // Boot 3's test support switches tracing (propagation included) off unless told otherwise
                "spring.test.observability.auto-configure=true"})
class TracerSpanExemplarTest extends TracerSpanExemplarScenarios {
    @Override
    protected Hit startsATrace() {
        return new Hit("/users/1", "users");
    }

    @Override
    protected Hit continuesATrace() {
        return new Hit("/traced/1", "traced");
    }

    @Override
    protected Hit unsampled() {
        return new Hit("/cached/1", "cached");
    }
}
