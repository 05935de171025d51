package io.gatewatch.internal.runtime;

/** Runs the orderly close on SIGTERM; removed again when the application closes gatewatch itself. */
final class ShutdownHook {
    private final Thread thread;
    private volatile boolean registered;

    ShutdownHook(Runnable close) {
        this.thread = new Thread(close, "gatewatch-shutdown");
    }

    void register() {
        Runtime.getRuntime().addShutdownHook(thread);
        registered = true;
    }

    boolean registered() {
        return registered;
    }

    /** Harmless when the JVM is already shutting down (then the hook is what is running). */
    void unregister() {
        if (!registered || Thread.currentThread() == thread) {
            return;
        }
        try {
            Runtime.getRuntime().removeShutdownHook(thread);
            registered = false;
        } catch (IllegalStateException shutdownInProgress) {
            // the JVM is exiting; the hook runs anyway and finds gatewatch closed
        }
    }

    /** The hook's thread, for tests that run it the way the JVM would. */
    Thread thread() {
        return thread;
    }
}
