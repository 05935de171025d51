package io.gatewatch.internal.store;

import io.gatewatch.api.ConnectionMetrics;

final class ConnectionHandle implements ConnectionMetrics {
    private final UpDownSeries active;
    private final CounterSeries opened;
    private final CounterSeries closed;
    private final CounterSeries rejected;
    private final HistogramSeries lifetime;

    ConnectionHandle(UpDownSeries active, CounterSeries opened, CounterSeries closed, CounterSeries rejected,
                     HistogramSeries lifetime) {
        this.active = active;
        this.opened = opened;
        this.closed = closed;
        this.rejected = rejected;
        this.lifetime = lifetime;
    }

    @Override
    public void opened() {
        int stripe = Stripes.current();
        opened.add(stripe, 1);
        active.add(1);
    }

    @Override
    public void closed(long lifetimeNanos) {
        int stripe = Stripes.current();
        closed.add(stripe, 1);
        active.add(-1);
        lifetime.record(stripe, lifetimeNanos);
    }

    @Override
    public void rejected() {
        rejected.add(1);
    }
}
