package io.gatewatch.api;

/** A gauge driven by increments and decrements from many threads (in-flight requests, active connections). */
public interface UpDownCounter {
    void add(long delta);

    default void increment() {
        add(1);
    }

    default void decrement() {
        add(-1);
    }
}
