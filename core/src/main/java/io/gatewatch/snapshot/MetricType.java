package io.gatewatch.snapshot;

/** The three shapes every exporter knows how to render. */
public enum MetricType {
    /** Monotonic; exporters show the total (pull) or the delta since the last successful send (push). */
    COUNTER,
    /** A value that goes up and down; exporters show it as it is. */
    GAUGE,
    /** Fixed buckets with count and sum. */
    HISTOGRAM
}
