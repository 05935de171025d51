package io.gatewatch.internal.store;

import io.gatewatch.api.Counter;
import io.gatewatch.snapshot.CounterPoint;
import io.gatewatch.snapshot.Labels;
import io.gatewatch.snapshot.Point;

final class CounterSeries implements Counter, Series {
    private final Labels labels;
    private final Cells cells;

    CounterSeries(Labels labels, CellArena arena) {
        this.labels = labels;
        this.cells = arena.allocate(1);
    }

    @Override
    public void add(long amount) {
        if (amount > 0) {
            cells.add(Stripes.current(), 0, amount);
        }
    }

    /** Hot-path variant for callers that already looked up their stripe. */
    void add(int stripe, long amount) {
        if (amount > 0) {
            cells.add(stripe, 0, amount);
        }
    }

    @Override
    public Labels labels() {
        return labels;
    }

    @Override
    public Point read() {
        return new CounterPoint(labels, cells.sum(0));
    }
}
