package io.gatewatch.internal.store;

import io.gatewatch.api.Gauge;
import io.gatewatch.snapshot.GaugePoint;
import io.gatewatch.snapshot.Labels;
import io.gatewatch.snapshot.Point;

final class GaugeSeries implements Gauge, Series {
    private final Labels labels;
    private volatile double value;

    GaugeSeries(Labels labels) {
        this.labels = labels;
    }

    @Override
    public void set(double value) {
        this.value = value;
    }

    @Override
    public Labels labels() {
        return labels;
    }

    @Override
    public Point read() {
        return new GaugePoint(labels, value);
    }
}
