package io.gatewatch.internal.store;

import java.lang.ref.WeakReference;

/**
 * Assigns each recording thread a stripe of cells.
 *
 * <p>The first {@link #OWNED} stripes each belong to exactly one live thread, which is then the
 * only writer of its cells and can update them with plain (opaque) read-add-write: no lock, no
 * atomic instruction, no cache line shared with another writer. Threads that arrive once every
 * owned stripe is taken hash onto the {@link #SHARED} stripes after them and update those with
 * atomic adds. A stripe whose owner thread has died is handed to the next thread that asks;
 * {@link Thread#isAlive()} returning false guarantees the dead owner's writes are visible to the
 * new owner (JLS 17.4.4), so the handover loses nothing.
 *
 * <p>The assignment is process-wide on purpose: a stripe is only an index, valid in every store,
 * and a thread that records into two stores keeps one stripe. It holds no metrics.
 */
final class Stripes {
    private static final int CPUS = Runtime.getRuntime().availableProcessors();
    // JVM properties, not configuration: the stripes are fixed when the first thread records, before
    // any config is read, and live outside the gatewatch.* tree so that strict config checks ignore them.
    // Defaults: an owned stripe per core (at least 4: event loops plus a few workers), at most 16,
    // so that a histogram series stays under 3 KiB even on large machines; a quarter as many shared.
    static final int OWNED = sized("io.gatewatch.stripes.owned", Math.min(16, Math.max(4, CPUS)));
    static final int SHARED = sized("io.gatewatch.stripes.shared", Math.min(4, Math.max(2, CPUS / 4)));
    static final int COUNT = OWNED + SHARED;

    @SuppressWarnings("unchecked")
    private static final WeakReference<Thread>[] owners = new WeakReference[OWNED];

    private static final ThreadLocal<int[]> STRIPE = ThreadLocal.withInitial(() -> new int[] {claim()});

    private Stripes() {
    }

    /** This thread's stripe. */
    static int current() {
        return STRIPE.get()[0];
    }

    /** Whether writes to the stripe come from a single thread (plain adds are safe). */
    static boolean owned(int stripe) {
        return stripe < OWNED;
    }

    private static synchronized int claim() {
        Thread me = Thread.currentThread();
        for (int i = 0; i < OWNED; i++) {
            WeakReference<Thread> ref = owners[i];
            Thread owner = ref == null ? null : ref.get();
            if (owner == null || !owner.isAlive()) {
                owners[i] = new WeakReference<>(me);
                return i;
            }
        }
        long h = me.getId() * 0x9E3779B97F4A7C15L;
        return OWNED + (int) ((h >>> 33) % SHARED);
    }

    private static int sized(String property, int fallback) {
        String v = System.getProperty(property);
        if (v == null) {
            return fallback;
        }
        int n = Integer.parseInt(v.trim());
        if (n < 1 || n > 1024) {
            throw new IllegalArgumentException(property + " must be 1..1024, was " + n);
        }
        return n;
    }
}
