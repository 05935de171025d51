package io.gatewatch.spring.gateway.it.mvc;

import io.gatewatch.spring.gateway.it.EndedSpans;
import io.gatewatch.spring.gateway.it.TracerSpanExemplarScenarios;
import org.springframework.boot.test.context.SpringBootTest;

/**
 * The Server MVC gateway with Micrometer Tracing over OpenTelemetry switched on (the bridge is on
 * the classpath; the other tests exclude its auto-configuration): the server span is the one
 * Spring's observation filter made. One route, so each exemplar is checked before the next request
 * can replace it.
 */
@SpringBootTest(classes = {TestMvcGateway.class, EndedSpans.class},
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"spring.autoconfigure.exclude=", "management.tracing.sampling.probability=1.0",
                // Boot 3's test support switches tracing (propagation included) off unless told otherwise
                "spring.test.observability.auto-configure=true"})
class MvcTracerSpanExemplarTest extends TracerSpanExemplarScenarios {
    @Override
    protected Hit startsATrace() {
        return new Hit("/users/1", "users");
    }

    @Override
    protected Hit continuesATrace() {
        return new Hit("/users/2", "users");
    }

    @Override
    protected Hit unsampled() {
        return new Hit("/users/3", "users");
    }
}
