package io.gatewatch.accesslog;

import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * At most {@code max} permits per second, lock-free: one atomic long holds the current second
 * (upper 40 bits) and the permits taken in it (lower 24 bits), so taking a permit is one CAS and
 * a new second resets the count in the same CAS.
 */
final class RateCap {
    private static final int COUNT_BITS = 24;
    private static final long COUNT_MASK = (1L << COUNT_BITS) - 1;

    private final int max;
    private final LongSupplier nanoTime;
    private final AtomicLong state = new AtomicLong(-1L << COUNT_BITS);

    RateCap(int max, LongSupplier nanoTime) {
        this.max = max;
        this.nanoTime = nanoTime;
    }

    boolean tryAcquire() {
        long second = nanoTime.getAsLong() / 1_000_000_000L;
        while (true) {
            long current = state.get();
            long next;
            if (current >> COUNT_BITS != second) {
                next = second << COUNT_BITS | 1;
            } else if ((current & COUNT_MASK) >= max) {
                return false;
            } else {
                next = current + 1;
            }
            if (state.compareAndSet(current, next)) {
                return true;
            }
        }
    }
}
