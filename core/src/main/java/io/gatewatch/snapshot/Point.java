package io.gatewatch.snapshot;

/** One series' value in a snapshot. */
public sealed interface Point permits CounterPoint, GaugePoint, HistogramPoint {
    Labels labels();
}
