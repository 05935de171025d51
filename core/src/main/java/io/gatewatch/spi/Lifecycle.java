package io.gatewatch.spi;

/**
 * A contribution that owns resources: a listener socket, a pull exporter's server, a thread.
 * Core calls {@link #start()} in binding order after the injector is built and {@link #stop()}
 * in reverse order at shutdown (also when a later start fails). Pull exporters are lifecycles
 * that read a {@link SnapshotSource} whenever they are asked.
 *
 * <pre>{@code
 * Contributions.lifecycles(binder()).addBinding().to(OwnPortMetricsServer.class);
 * }</pre>
 */
public interface Lifecycle {

    /** Name in errors and logs. */
    String name();

    /** Opens what it needs. Throwing fails start-up; everything already started is stopped. */
    void start() throws Exception;

    /** Closes it again. Called on the shutting-down thread; must be idempotent. */
    void stop();

    /**
     * When to stop relative to the drain: listeners that serve probes stop last
     * ({@link StopPhase#AFTER_FLUSH}), others right after the drain.
     */
    default StopPhase stopPhase() {
        return StopPhase.AFTER_FLUSH;
    }

    enum StopPhase { AFTER_DRAIN, AFTER_FLUSH }
}
