package io.gatewatch.internal.runtime;

import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/** Named daemon threads ({@code gatewatch-<name>-N}): gatewatch never keeps a JVM alive. */
public final class DaemonThreads implements ThreadFactory {
    private final String prefix;
    private final AtomicInteger count = new AtomicInteger();

    public DaemonThreads(String name) {
        // a plugin may already say gatewatch-: gatewatch-access-log-1, never gatewatch-gatewatch-access-log-1
        this.prefix = (name.startsWith("gatewatch-") ? name : "gatewatch-" + name) + "-";
    }

    @Override
    public Thread newThread(Runnable task) {
        Thread t = new Thread(task, prefix + count.incrementAndGet());
        t.setDaemon(true);
        return t;
    }
}
