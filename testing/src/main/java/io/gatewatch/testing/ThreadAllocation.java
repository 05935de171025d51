package io.gatewatch.testing;

import java.lang.management.ManagementFactory;

/**
 * What a piece of code allocates on the calling thread, from the JVM's exact per-thread counter
 * (not a sample). A round can pick up allocations that are not the code's: a late JIT compile or
 * deoptimisation on a busy machine runs a few calls in a slower tier. Code that allocates per call
 * allocates in every round, so the least of a few rounds is what the code itself costs.
 */
public final class ThreadAllocation {
    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    private ThreadAllocation() {
    }

    /** Bytes the calling thread allocated while {@code round} ran, the least over {@code rounds} runs. */
    public static long leastOf(int rounds, Runnable round) {
        long least = Long.MAX_VALUE;
        for (int i = 0; i < rounds; i++) {
            long before = THREADS.getCurrentThreadAllocatedBytes();
            round.run();
            least = Math.min(least, THREADS.getCurrentThreadAllocatedBytes() - before);
        }
        return least;
    }
}
