package io.gatewatch.internal.store;

import io.gatewatch.api.CircuitBreakerMetrics;
import java.util.concurrent.atomic.AtomicReference;

/** One upstream's breaker: a 1/0 gauge per state and a transition counter per state entered. */
final class BreakerHandle implements CircuitBreakerMetrics {
    private static final State[] STATES = State.values();

    private final GaugeSeries[] gauges = new GaugeSeries[STATES.length];
    private final CounterSeries[] transitions = new CounterSeries[STATES.length];
    private final AtomicReference<State> current = new AtomicReference<>();

    BreakerHandle(String upstream, SeriesFamily<GaugeSeries> state, SeriesFamily<CounterSeries> entered) {
        for (State s : STATES) {
            String[] labels = {upstream, s.label()};
            gauges[s.ordinal()] = state.resolve(labels);
            transitions[s.ordinal()] = entered.resolve(labels);
        }
    }

    @Override
    public void state(State next) {
        State previous = current.getAndSet(next);
        if (previous == next) {
            return;
        }
        if (previous != null) {
            transitions[next.ordinal()].add(1);
        }
        for (State s : STATES) {
            gauges[s.ordinal()].set(s == next ? 1 : 0);
        }
    }
}
