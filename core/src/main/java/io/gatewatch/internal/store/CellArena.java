package io.gatewatch.internal.store;

/**
 * Hands out {@link Cells}: the same range of every stripe's current slab, so a series costs
 * {@code width × stripes × 8} bytes and no object per stripe. Each stripe writes into slabs of its
 * own, so two threads never share a cache line except at a slab's edges.
 */
final class CellArena {
    /** Longs per slab: 8 KiB, small enough that a near-empty store stays small. */
    private static final int SLAB_LONGS = 1024;

    private long[][] current = newSlabs();
    private int cursor;

    synchronized Cells allocate(int width) {
        if (width > SLAB_LONGS) {
            throw new IllegalArgumentException("series too wide: " + width);
        }
        if (cursor + width > SLAB_LONGS) {
            current = newSlabs();
            cursor = 0;
        }
        Cells cells = new Cells(current, cursor);
        cursor += width;
        return cells;
    }

    private static long[][] newSlabs() {
        long[][] slabs = new long[Stripes.COUNT][];
        for (int s = 0; s < slabs.length; s++) {
            slabs[s] = new long[SLAB_LONGS];
        }
        return slabs;
    }
}
