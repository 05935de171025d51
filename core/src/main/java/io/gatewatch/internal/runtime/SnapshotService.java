package io.gatewatch.internal.runtime;

import io.gatewatch.internal.store.MetricStore;
import io.gatewatch.snapshot.Snapshot;
import io.gatewatch.spi.MetricSource;
import io.gatewatch.spi.SnapshotSource;
import java.time.Clock;
import java.util.List;

/**
 * Snapshots of the store plus every metric source. Exists before the injector (plugins get it in
 * their context), so the sources contributed through Guice are handed in once it is built.
 */
final class SnapshotService implements SnapshotSource {
    private final MetricStore store;
    private final Clock clock;
    private volatile List<MetricSource> sources;

    SnapshotService(MetricStore store, Clock clock, List<MetricSource> initialSources) {
        this.store = store;
        this.clock = clock;
        this.sources = List.copyOf(initialSources);
    }

    void setSources(List<MetricSource> all) {
        sources = List.copyOf(all);
    }

    @Override
    public Snapshot snapshot() {
        return store.snapshot(clock.millis(), sources);
    }
}
