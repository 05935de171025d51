package io.gatewatch.vitals.internal;

import java.time.Duration;
import java.util.concurrent.ThreadFactory;

/**
 * The one daemon thread a vitals lifecycle runs its loop on. The loop checks {@link #running()}
 * between rounds; {@link #stop()} clears it and interrupts the thread, so a sleep or a wait ends
 * at once, then waits a bounded time: a loop stuck in a call that ignores interrupts cannot hold
 * up the gateway's shutdown.
 */
final class DaemonLoop {
    private final ThreadFactory threads;
    private final Duration joinLimit;
    private volatile boolean running;
    private Thread thread;

    DaemonLoop(ThreadFactory threads, Duration joinLimit) {
        this.threads = threads;
        this.joinLimit = joinLimit;
    }

    /** Starts {@code loop} on a new daemon thread; false, and nothing started, when one already runs. */
    synchronized boolean start(Runnable loop) {
        if (running) {
            return false;
        }
        running = true;
        thread = threads.newThread(loop);
        thread.setDaemon(true);
        thread.start();
        return true;
    }

    boolean running() {
        return running;
    }

    void stop() {
        Thread t;
        synchronized (this) {
            running = false;
            t = thread;
            thread = null;
        }
        if (t == null) {
            return;
        }
        t.interrupt();
        try {
            t.join(joinLimit.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
