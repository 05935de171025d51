package io.gatewatch.spi;

import io.gatewatch.snapshot.Snapshot;

/**
 * Takes a snapshot of every metric: the store, JVM and process metrics, and every
 * {@link MetricSource}. Called on the caller's thread (a scrape, an exporter); never touches the
 * gateway's request path beyond reading its cells.
 */
@FunctionalInterface
public interface SnapshotSource {
    Snapshot snapshot();
}
