package io.gatewatch.snapshot;

/** A gauge's value, already in the base unit (seconds, bytes). */
public record GaugePoint(Labels labels, double value) implements Point {
}
