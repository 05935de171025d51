package io.gatewatch.api;

/**
 * Client connections of one gateway listener. Call {@link #opened()} when a connection is
 * accepted and {@link #closed(long)} when it ends; {@code active} is derived from the two.
 */
public interface ConnectionMetrics {
    void opened();

    /** @param lifetimeNanos how long the connection was open */
    void closed(long lifetimeNanos);

    /** A connection refused before it was served (limit reached, TLS failure, ...). */
    void rejected();
}
