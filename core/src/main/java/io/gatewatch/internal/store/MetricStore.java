package io.gatewatch.internal.store;

import io.gatewatch.api.GatewayMetrics;
import io.gatewatch.api.Meters;
import io.gatewatch.snapshot.Snapshot;
import io.gatewatch.spi.MetricSource;
import java.util.Collection;

/** STUB: replaced by the real store. */
public final class MetricStore {
    public MetricStore(StoreSettings settings) {
    }

    public GatewayMetrics gatewayMetrics() {
        throw new UnsupportedOperationException();
    }

    public Meters meters() {
        throw new UnsupportedOperationException();
    }

    public Meters selfMetrics() {
        throw new UnsupportedOperationException();
    }

    public Snapshot snapshot(long timestampMillis, Collection<MetricSource> sources) {
        throw new UnsupportedOperationException();
    }
}
