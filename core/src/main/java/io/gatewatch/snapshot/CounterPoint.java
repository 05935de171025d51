package io.gatewatch.snapshot;

/** A counter's value in the raw unit: a cumulative total, or a delta in an interval. */
public record CounterPoint(Labels labels, long value) implements Point {
}
