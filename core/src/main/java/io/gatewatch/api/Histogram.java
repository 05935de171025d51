package io.gatewatch.api;

/**
 * A fixed-bucket histogram series. Values are in the metric's raw unit: nanoseconds for
 * durations, bytes for sizes.
 */
public interface Histogram {
    void record(long value);
}
