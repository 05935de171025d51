package io.gatewatch.spring.gateway;

import io.gatewatch.Gatewatch;
import io.gatewatch.api.GatewayMetrics;
import io.gatewatch.api.Meters;
import io.gatewatch.spring.gateway.internal.AuthEvents;
import io.gatewatch.spring.gateway.internal.DrainBeforeWebServerStops;
import io.gatewatch.spring.gateway.internal.GatewatchStarter;
import io.gatewatch.spring.gateway.internal.Resilience4jBreakers;
import io.gatewatch.api.adapter.RouteHandles;
import io.gatewatch.spring.gateway.internal.SpringReadiness;
import io.gatewatch.spring.gateway.internal.reactive.ExchangeBinding;
import io.gatewatch.spring.gateway.internal.reactive.ExchangeRecorder;
import io.gatewatch.spring.gateway.internal.reactive.NettyCustomizerRegistrar;
import io.gatewatch.spring.gateway.internal.reactive.UpstreamTiming;
import io.gatewatch.spring.gateway.internal.tracing.TraceSource;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.AnyNestedCondition;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.availability.ApplicationAvailability;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.ConfigurableEnvironment;

/**
 * gatewatch for a Spring Cloud Gateway application: on when the gateway (either server flavour) is
 * on the classpath, off with {@code gatewatch.enabled=false}. Provides {@link Gatewatch},
 * {@link GatewayMetrics} and {@link Meters} beans (an application that defines its own
 * {@code Gatewatch} bean keeps it, and the gateway records into that one) and records every
 * request and connection of the gateway.
 */
@AutoConfiguration
@ConditionalOnProperty(prefix = "gatewatch", name = "enabled", havingValue = "true", matchIfMissing = true)
@Conditional(GatewatchAutoConfiguration.OnSpringCloudGateway.class)
public class GatewatchAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    GatewayMetrics gatewatchMetrics(Gatewatch gatewatch) {
        return gatewatch.metrics();
    }

    @Bean
    @ConditionalOnMissingBean
    Meters gatewatchMeters(Gatewatch gatewatch) {
        return gatewatch.meters();
    }

    @Bean
    @ConditionalOnMissingBean
    RouteHandles gatewatchRouteHandles(GatewayMetrics metrics) {
        return new RouteHandles(metrics);
    }

    /** Gatewatch started and stopped by Spring, unless the application brings its own. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnMissingBean(Gatewatch.class)
    static class OwnGatewatch {
        @Bean
        SpringReadiness gatewatchSpringReadiness(ObjectProvider<ApplicationAvailability> availability) {
            return new SpringReadiness(availability);
        }

        @Bean
        GatewatchStarter gatewatchStarter(ConfigurableEnvironment environment, SpringReadiness readiness) {
            ClassLoader loader = GatewatchAutoConfiguration.class.getClassLoader();
            return GatewatchStarter.start(environment, loader, readiness);
        }

        /** Closed when the context is destroyed: after the web server's graceful shutdown, hence the last export. */
        @Bean(destroyMethod = "close")
        Gatewatch gatewatch(GatewatchStarter starter) {
            return starter.gatewatch();
        }

        @Bean
        DrainBeforeWebServerStops gatewatchDrain(GatewatchStarter starter, SpringReadiness readiness) {
            return new DrainBeforeWebServerStops(starter.gatewatch(), readiness, starter.drainDelay());
        }
    }

    /** Spring Cloud Gateway on WebFlux (Reactor Netty). */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "org.springframework.cloud.gateway.filter.GlobalFilter")
    @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
    static class WebFluxRecording {
        @Bean
        ExchangeRecorder gatewatchExchangeRecorder(RouteHandles handles, GatewayMetrics metrics,
                                                   org.springframework.beans.factory.ListableBeanFactory beans,
                                                   ObjectProvider<TraceSource> traces) {
            // the global local response cache caches every route; a route's own cache filter is found on the route
            boolean globalCache = beans.getBeanNamesForType(
                    org.springframework.cloud.gateway.filter.factory.cache.GlobalLocalResponseCacheGatewayFilter.class,
                    false, false).length > 0;
            return new ExchangeRecorder(handles, metrics, globalCache, traceSource(traces));
        }

        @Bean
        ExchangeBinding gatewatchExchangeBinding() {
            return new ExchangeBinding();
        }

        @Bean
        UpstreamTiming gatewatchUpstreamTiming() {
            return new UpstreamTiming();
        }

        @Bean
        static NettyCustomizerRegistrar gatewatchNettyCustomizerRegistrar() {
            return new NettyCustomizerRegistrar();
        }
    }

    /** Spring Security's authentication events as auth attempts and failures. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "org.springframework.security.authentication.event.AbstractAuthenticationEvent")
    static class SecurityEvents {
        @Bean
        AuthEvents gatewatchAuthEvents(GatewayMetrics metrics) {
            return new AuthEvents(metrics);
        }
    }

    /** With per-consumer counts on, the authenticated principal is the consumer (WebFlux). */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = {"org.springframework.security.core.Authentication",
            "org.springframework.cloud.gateway.filter.GlobalFilter"})
    @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
    @ConditionalOnProperty(name = "gatewatch.metrics.per-consumer", havingValue = "true")
    static class WebFluxPrincipalConsumer {
        @Bean
        io.gatewatch.spring.gateway.internal.reactive.ConsumerFromPrincipal gatewatchConsumerFromPrincipal() {
            return new io.gatewatch.spring.gateway.internal.reactive.ConsumerFromPrincipal();
        }
    }

    /** With per-consumer counts on, the authenticated principal is the consumer (Server MVC). */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = {"org.springframework.security.core.Authentication",
            "org.springframework.cloud.gateway.server.mvc.handler.ProxyExchange"})
    @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
    @ConditionalOnProperty(name = "gatewatch.metrics.per-consumer", havingValue = "true")
    static class WebMvcPrincipalConsumer {
        /** After Spring Security's filters (at -100), before the gateway's handler. */
        @Bean
        FilterRegistrationBean<io.gatewatch.spring.gateway.internal.servlet.ConsumerFromPrincipal> gatewatchConsumerFromPrincipal() {
            FilterRegistrationBean<io.gatewatch.spring.gateway.internal.servlet.ConsumerFromPrincipal> registration =
                    new FilterRegistrationBean<>(new io.gatewatch.spring.gateway.internal.servlet.ConsumerFromPrincipal());
            registration.setName("gatewatchConsumerFromPrincipal");
            registration.setOrder(0);
            return registration;
        }
    }

    /** Resilience4j circuit breakers, those of Spring Cloud CircuitBreaker's factories included. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = {"io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry",
            "org.springframework.cloud.circuitbreaker.resilience4j.Resilience4JCircuitBreakerFactory"})
    static class CircuitBreakers {
        @Bean
        Resilience4jBreakers gatewatchCircuitBreakers(
                GatewayMetrics metrics,
                ObjectProvider<io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry> registries,
                ObjectProvider<org.springframework.cloud.circuitbreaker.resilience4j.ReactiveResilience4JCircuitBreakerFactory> reactive,
                ObjectProvider<org.springframework.cloud.circuitbreaker.resilience4j.Resilience4JCircuitBreakerFactory> blocking) {
            java.util.List<io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry> all = new java.util.ArrayList<>();
            registries.orderedStream().forEach(all::add);
            reactive.orderedStream().forEach(f -> all.add(f.getCircuitBreakerRegistry()));
            blocking.orderedStream().forEach(f -> all.add(f.getCircuitBreakerRegistry()));
            return new Resilience4jBreakers(metrics, all);
        }
    }

    /** The tracer's server spans when {@link GatewatchTracingAutoConfiguration} found a tracer, else the incoming header. */
    static TraceSource traceSource(ObjectProvider<TraceSource> traces) {
        return traces.getIfAvailable(() -> TraceSource.INCOMING_TRACEPARENT);
    }

    /** Either server flavour of Spring Cloud Gateway. */
    static class OnSpringCloudGateway extends AnyNestedCondition {
        OnSpringCloudGateway() {
            super(ConfigurationPhase.PARSE_CONFIGURATION);
        }

        @ConditionalOnClass(name = "org.springframework.cloud.gateway.filter.GlobalFilter")
        static class WebFlux {
        }

        @ConditionalOnClass(name = "org.springframework.cloud.gateway.server.mvc.handler.ProxyExchange")
        static class WebMvc {
        }
    }
}
