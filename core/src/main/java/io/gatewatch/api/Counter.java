package io.gatewatch.api;

/** A monotonic counter series. Lock-free and allocation-free. */
public interface Counter {
    default void increment() {
        add(1);
    }

    /** @param amount must not be negative; negative amounts are ignored */
    void add(long amount);
}
