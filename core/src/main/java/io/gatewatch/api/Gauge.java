package io.gatewatch.api;

/** A gauge series whose value is set. For values computed on demand use a callback gauge. */
public interface Gauge {
    void set(double value);
}
