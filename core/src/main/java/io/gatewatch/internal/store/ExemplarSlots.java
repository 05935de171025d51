package io.gatewatch.internal.store;

import io.gatewatch.snapshot.Exemplar;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * Per bucket of one histogram series, the most recent sampled exemplar: a fixed slot of six longs
 * (version, trace id high, trace id low, span id, value, timestamp) in one preallocated array, so
 * offering an exemplar allocates nothing.
 *
 * <p>Each slot is a seqlock. A writer moves the version from even to odd with a CAS, writes the
 * tuple, then publishes the next even version with release semantics. A writer that finds the slot
 * busy (odd, or the CAS lost) gives up: another request is writing an exemplar of the same bucket
 * at the same moment, and either is "the most recent", so no writer ever waits. A reader (a scrape,
 * rare) accepts the tuple only when the version was even and unchanged around its reads, so it never
 * sees trace id and value from two different requests.
 */
final class ExemplarSlots {
    private static final VarHandle LONGS = MethodHandles.arrayElementVarHandle(long[].class);
    private static final int STRIDE = 6;
    private static final int READ_ATTEMPTS = 8;

    private final long[] slots;

    ExemplarSlots(int buckets) {
        this.slots = new long[buckets * STRIDE];
    }

    void offer(int bucket, long traceHigh, long traceLow, long spanId, long value, long timestampMillis) {
        int at = bucket * STRIDE;
        long version = (long) LONGS.getOpaque(slots, at);
        if ((version & 1) != 0 || !LONGS.compareAndSet(slots, at, version, version + 1)) {
            return;
        }
        // The CAS is a full fence: none of these writes can become visible before the odd version.
        LONGS.setOpaque(slots, at + 1, traceHigh);
        LONGS.setOpaque(slots, at + 2, traceLow);
        LONGS.setOpaque(slots, at + 3, spanId);
        LONGS.setOpaque(slots, at + 4, value);
        LONGS.setOpaque(slots, at + 5, timestampMillis);
        LONGS.setRelease(slots, at, version + 2);
    }

    /** The bucket's exemplar, or {@code null} when it has none or writers kept it busy through every attempt. */
    Exemplar read(int bucket) {
        int at = bucket * STRIDE;
        for (int attempt = 0; attempt < READ_ATTEMPTS; attempt++) {
            long before = (long) LONGS.getAcquire(slots, at);
            if (before == 0) {
                return null;
            }
            if ((before & 1) != 0) {
                Thread.onSpinWait();
                continue;
            }
            long high = (long) LONGS.getOpaque(slots, at + 1);
            long low = (long) LONGS.getOpaque(slots, at + 2);
            long span = (long) LONGS.getOpaque(slots, at + 3);
            long value = (long) LONGS.getOpaque(slots, at + 4);
            long timestamp = (long) LONGS.getOpaque(slots, at + 5);
            VarHandle.loadLoadFence();
            if ((long) LONGS.getOpaque(slots, at) == before) {
                return new Exemplar(high, low, span, value, timestamp);
            }
        }
        return null;
    }
}
