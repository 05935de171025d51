package io.gatewatch.spring.gateway.internal;

import io.gatewatch.api.CircuitBreakerMetrics;
import io.gatewatch.api.GatewayMetrics;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import org.springframework.beans.factory.SmartInitializingSingleton;

/**
 * Resilience4j circuit breakers (those Spring Cloud CircuitBreaker creates for SCG's
 * {@code CircuitBreaker} filter included) as gatewatch's circuit breaker state and transitions,
 * labelled with the breaker's name. Breakers created later, on a route's first request, are
 * picked up when their registry adds them.
 */
public final class Resilience4jBreakers implements SmartInitializingSingleton {
    private final GatewayMetrics metrics;
    private final List<CircuitBreakerRegistry> registries;
    private final Set<CircuitBreaker> watched = Collections.synchronizedSet(Collections.newSetFromMap(new IdentityHashMap<>()));

    public Resilience4jBreakers(GatewayMetrics metrics, List<CircuitBreakerRegistry> registries) {
        this.metrics = metrics;
        this.registries = registries;
    }

    @Override
    public void afterSingletonsInstantiated() {
        Set<CircuitBreakerRegistry> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        for (CircuitBreakerRegistry registry : registries) {
            if (seen.add(registry)) {
                registry.getEventPublisher().onEntryAdded(event -> watch(event.getAddedEntry()));
                registry.getAllCircuitBreakers().forEach(this::watch);
            }
        }
    }

    private void watch(CircuitBreaker breaker) {
        if (!watched.add(breaker)) {
            return;
        }
        CircuitBreakerMetrics handle = metrics.circuitBreaker(breaker.getName());
        handle.state(state(breaker.getState()));
        breaker.getEventPublisher().onStateTransition(event -> handle.state(state(event.getStateTransition().getToState())));
    }

    static CircuitBreakerMetrics.State state(CircuitBreaker.State state) {
        return switch (state) {
            case OPEN, FORCED_OPEN -> CircuitBreakerMetrics.State.OPEN;
            case HALF_OPEN -> CircuitBreakerMetrics.State.HALF_OPEN;
            default -> CircuitBreakerMetrics.State.CLOSED;   // closed, disabled, metrics only: calls go through
        };
    }
}
