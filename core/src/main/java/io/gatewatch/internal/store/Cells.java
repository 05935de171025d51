package io.gatewatch.internal.store;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * One series' cells: {@code width} longs in every stripe. Writers touch only their stripe;
 * readers sum (or take the max of) a slot over all stripes.
 */
final class Cells {
    private static final VarHandle LONGS = MethodHandles.arrayElementVarHandle(long[].class);

    private final long[][] slabs;
    private final int offset;

    Cells(long[][] slabs, int offset) {
        this.slabs = slabs;
        this.offset = offset;
    }

    void add(int stripe, int slot, long delta) {
        long[] slab = slabs[stripe];
        int i = offset + slot;
        if (Stripes.owned(stripe)) {
            // Single writer: a plain read-add-write is exact. Opaque keeps readers from seeing torn or stale-forever values.
            LONGS.setOpaque(slab, i, (long) LONGS.getOpaque(slab, i) + delta);
        } else {
            LONGS.getAndAdd(slab, i, delta);
        }
    }

    /**
     * One histogram observation: its bucket, the sum, the max, and the min (kept inverted in the
     * slot after the max). One slab lookup and one ownership check for the four updates.
     */
    void observe(int stripe, int bucket, int sumSlot, long v) {
        long[] slab = slabs[stripe];
        int b = offset + bucket;
        int s = offset + sumSlot;
        if (Stripes.owned(stripe)) {
            LONGS.setOpaque(slab, b, (long) LONGS.getOpaque(slab, b) + 1);
            LONGS.setOpaque(slab, s, (long) LONGS.getOpaque(slab, s) + v);
            if (v > (long) LONGS.getOpaque(slab, s + 1)) {
                LONGS.setOpaque(slab, s + 1, v);
            }
            long inverted = Long.MAX_VALUE - v;
            if (inverted > (long) LONGS.getOpaque(slab, s + 2)) {
                LONGS.setOpaque(slab, s + 2, inverted);
            }
        } else {
            LONGS.getAndAdd(slab, b, 1L);
            LONGS.getAndAdd(slab, s, v);
            raise(stripe, sumSlot + 1, v);
            raise(stripe, sumSlot + 2, Long.MAX_VALUE - v);
        }
    }

    /** Raises the slot to {@code value} if it is larger: used for max, and for min stored inverted. */
    void raise(int stripe, int slot, long value) {
        long[] slab = slabs[stripe];
        int i = offset + slot;
        long current = (long) LONGS.getOpaque(slab, i);
        if (value <= current) {
            return;
        }
        if (Stripes.owned(stripe)) {
            LONGS.setOpaque(slab, i, value);
        } else {
            while (value > current && !LONGS.weakCompareAndSet(slab, i, current, value)) {
                current = (long) LONGS.getOpaque(slab, i);
            }
        }
    }

    long sum(int slot) {
        long total = 0;
        int i = offset + slot;
        for (long[] slab : slabs) {
            total += (long) LONGS.getOpaque(slab, i);
        }
        return total;
    }

    long max(int slot) {
        long max = 0;
        int i = offset + slot;
        for (long[] slab : slabs) {
            max = Math.max(max, (long) LONGS.getOpaque(slab, i));
        }
        return max;
    }
}
