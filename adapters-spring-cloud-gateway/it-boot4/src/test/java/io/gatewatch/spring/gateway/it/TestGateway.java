package io.gatewatch.spring.gateway.it;

import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.timelimiter.TimeLimiterConfig;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.cloud.circuitbreaker.resilience4j.ReactiveResilience4JCircuitBreakerFactory;
import org.springframework.cloud.client.circuitbreaker.Customizer;
import org.springframework.cloud.gateway.filter.ratelimit.KeyResolver;
import org.springframework.cloud.gateway.filter.ratelimit.RateLimiter;
import org.springframework.context.annotation.Bean;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.web.server.SecurityWebFilterChain;
import reactor.core.publisher.Mono;

/**
 * A Spring Cloud Gateway application as users write one: routes in application.yml, an in-memory
 * rate limiter, Spring Security guarding one path. Nothing in it mentions gatewatch.
 */
@SpringBootApplication
public class TestGateway {
    /** Requests whose client key is this are refused by the rate limiter. */
    static final String GREEDY_CLIENT = "greedy";

    @Bean
    KeyResolver clientKey() {
        return exchange -> Mono.justOrEmpty(exchange.getRequest().getHeaders().getFirst("X-Client"));
    }

    @Bean
    RateLimiter<Object> denyGreedyLimiter() {
        return new RateLimiter<>() {
            @Override
            public Mono<Response> isAllowed(String routeId, String id) {
                return Mono.just(new Response(!GREEDY_CLIENT.equals(id), java.util.Map.of()));
            }

            @Override
            public java.util.Map<String, Object> getConfig() {
                return java.util.Map.of();
            }

            @Override
            public Class<Object> getConfigClass() {
                return Object.class;
            }

            @Override
            public Object newConfig() {
                return new Object();
            }
        };
    }

    /** Opens after two failed calls out of two, so a test sees it open without waiting. */
    @Bean
    Customizer<ReactiveResilience4JCircuitBreakerFactory> quickBreaker() {
        return factory -> factory.configure(builder -> builder
                .circuitBreakerConfig(CircuitBreakerConfig.custom().slidingWindowSize(2).minimumNumberOfCalls(2)
                        .failureRateThreshold(50).waitDurationInOpenState(java.time.Duration.ofMinutes(5)).build())
                .timeLimiterConfig(TimeLimiterConfig.ofDefaults()), "guardedBreaker");
    }

    @Bean
    SecurityWebFilterChain security(ServerHttpSecurity http) {
        return http.authorizeExchange(e -> e.pathMatchers("/secure/**").authenticated().anyExchange().permitAll())
                .httpBasic(basic -> { })
                .csrf(ServerHttpSecurity.CsrfSpec::disable)
                .build();
    }
}
