package io.gatewatch.internal.runtime;

import io.gatewatch.spi.Lifecycle;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Starts lifecycles in binding order and stops them in reverse, by stop phase. */
final class Lifecycles {
    private static final Logger LOG = LoggerFactory.getLogger(Lifecycles.class);

    private final List<Lifecycle> all;
    private final List<Lifecycle> started = new ArrayList<>();

    Lifecycles(List<Lifecycle> all) {
        this.all = List.copyOf(all);
    }

    /** Starts each in order; if one throws, stops those already started (reverse order) and rethrows. */
    void startAll() {
        for (Lifecycle lifecycle : all) {
            try {
                lifecycle.start();
            } catch (Exception | LinkageError e) {
                IllegalStateException failure = new IllegalStateException(
                        "gatewatch failed to start: '" + lifecycle.name() + "' threw " + e, e);
                stopAll();
                throw failure;
            }
            synchronized (started) {
                started.add(lifecycle);
            }
        }
    }

    void stop(Lifecycle.StopPhase phase) {
        for (Lifecycle lifecycle : reverseStarted()) {
            if (lifecycle.stopPhase() == phase) {
                stopQuietly(lifecycle);
            }
        }
    }

    void stopAll() {
        for (Lifecycle lifecycle : reverseStarted()) {
            stopQuietly(lifecycle);
        }
    }

    private List<Lifecycle> reverseStarted() {
        synchronized (started) {
            List<Lifecycle> reversed = new ArrayList<>(started);
            java.util.Collections.reverse(reversed);
            return reversed;
        }
    }

    private static void stopQuietly(Lifecycle lifecycle) {
        try {
            lifecycle.stop();
        } catch (RuntimeException | LinkageError e) {
            LOG.atWarn().addKeyValue("lifecycle", lifecycle.name()).setCause(e).log("lifecycle failed to stop");
        }
    }
}
