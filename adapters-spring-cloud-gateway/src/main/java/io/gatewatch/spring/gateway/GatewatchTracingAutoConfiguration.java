package io.gatewatch.spring.gateway;

import io.gatewatch.spring.gateway.internal.tracing.ServerSpans;
import io.gatewatch.spring.gateway.internal.tracing.TraceSource;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;

/**
 * With Micrometer Tracing configured (its OpenTelemetry or Brave bridge), exemplars carry the ids
 * of the server span the tracer made for each request instead of the incoming header's. Ordered
 * after Boot's tracing auto-configurations of both Boot lines, so that their {@code Tracer} is
 * there to be found.
 */
@AutoConfiguration(
        afterName = {
                // Boot 4
                "org.springframework.boot.micrometer.tracing.autoconfigure.MicrometerTracingAutoConfiguration",
                "org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.OpenTelemetryTracingAutoConfiguration",
                "org.springframework.boot.micrometer.tracing.brave.autoconfigure.BraveAutoConfiguration",
                // Boot 3
                "org.springframework.boot.actuate.autoconfigure.tracing.MicrometerTracingAutoConfiguration",
                "org.springframework.boot.actuate.autoconfigure.tracing.OpenTelemetryTracingAutoConfiguration",
                "org.springframework.boot.actuate.autoconfigure.tracing.BraveAutoConfiguration"})
@ConditionalOnProperty(prefix = "gatewatch", name = "enabled", havingValue = "true", matchIfMissing = true)
@ConditionalOnClass(name = {"io.micrometer.tracing.Tracer", "io.micrometer.tracing.handler.TracingObservationHandler"})
public class GatewatchTracingAutoConfiguration {
    @Bean
    @ConditionalOnBean(type = "io.micrometer.tracing.Tracer")
    @ConditionalOnMissingBean(TraceSource.class)
    TraceSource gatewatchTraceSource() {
        return new ServerSpans();
    }
}
