package io.gatewatch.api;

/** The circuit breaker in front of one upstream: its current state and every transition. */
public interface CircuitBreakerMetrics {

    enum State {
        CLOSED("closed"), HALF_OPEN("half_open"), OPEN("open");

        private final String label;

        State(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    /** Sets the current state; counts a transition when it differs from the previous one. */
    void state(State state);
}
