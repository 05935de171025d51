package io.gatewatch.sample.gateway;

import io.gatewatch.api.CircuitBreakerMetrics;
import io.gatewatch.api.CircuitBreakerMetrics.State;

/**
 * A classic breaker per upstream: opens after N consecutive failures, lets one trial request
 * through after the open duration (half-open), closes on its success.
 */
final class CircuitBreaker {
    private final int threshold;
    private final long openNanos;
    private final CircuitBreakerMetrics metrics;
    private State state = State.CLOSED;
    private int failures;
    private long openedAt;
    private boolean trialInFlight;

    CircuitBreaker(int threshold, long openNanos, CircuitBreakerMetrics metrics) {
        this.threshold = threshold;
        this.openNanos = openNanos;
        this.metrics = metrics;
        metrics.state(State.CLOSED);
    }

    /** Whether a request may go to the upstream now. */
    synchronized boolean allow(long now) {
        if (state == State.OPEN && now - openedAt >= openNanos) {
            move(State.HALF_OPEN);
        }
        if (state == State.HALF_OPEN) {
            if (trialInFlight) {
                return false;
            }
            trialInFlight = true;
            return true;
        }
        return state == State.CLOSED;
    }

    synchronized void success() {
        failures = 0;
        trialInFlight = false;
        if (state != State.CLOSED) {
            move(State.CLOSED);
        }
    }

    synchronized void failure(long now) {
        trialInFlight = false;
        failures++;
        if (state == State.HALF_OPEN || (state == State.CLOSED && failures >= threshold)) {
            openedAt = now;
            move(State.OPEN);
        }
    }

    synchronized State state() {
        return state;
    }

    private void move(State next) {
        state = next;
        metrics.state(next);
    }
}
