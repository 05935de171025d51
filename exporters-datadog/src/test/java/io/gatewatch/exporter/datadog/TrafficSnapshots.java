package io.gatewatch.exporter.datadog;

import io.gatewatch.snapshot.Snapshot;

/** Ready-made snapshots. */
final class TrafficSnapshots {
    private TrafficSnapshots() {
    }

    static Snapshot oneRequest(long timestampMillis) {
        return new Traffic().request("get-user", 200, 3_000_000L).snapshot(timestampMillis);
    }
}
