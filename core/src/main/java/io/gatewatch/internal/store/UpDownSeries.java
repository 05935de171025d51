package io.gatewatch.internal.store;

import io.gatewatch.api.Unit;
import io.gatewatch.api.UpDownCounter;
import io.gatewatch.snapshot.GaugePoint;
import io.gatewatch.snapshot.Labels;
import io.gatewatch.snapshot.Point;

final class UpDownSeries implements UpDownCounter, Series {
    private final Labels labels;
    private final Cells cells;
    private final Unit unit;

    UpDownSeries(Labels labels, CellArena arena, Unit unit) {
        this.labels = labels;
        this.cells = arena.allocate(1);
        this.unit = unit;
    }

    @Override
    public void add(long delta) {
        cells.add(Stripes.current(), 0, delta);
    }

    @Override
    public Labels labels() {
        return labels;
    }

    @Override
    public Point read() {
        return new GaugePoint(labels, unit.toBase(cells.sum(0)));
    }
}
