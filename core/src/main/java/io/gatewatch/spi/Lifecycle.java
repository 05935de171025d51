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
 *
 * <p><b>Threads.</b> {@link #start()} is called once, on the thread that calls
 * {@code Gatewatch.start}, after every plugin's module was installed and before readiness turns
 * up; it may block while it binds and connects, but start-up waits for it, so keep it to seconds.
 * {@link #stop()} is called at most once per start, on the thread that closes gatewatch
 * ({@code Gatewatch.close()}, or the {@code gatewatch-shutdown} hook thread), and on the starting
 * thread when a later lifecycle's start fails. Core never calls both at once.
 */
public interface Lifecycle {

    /** Name in errors and logs. */
    String name();

    /**
     * Opens what it needs: sockets, threads, large buffers (never in {@link GatewatchPlugin#module}).
     * Throwing fails start-up with the exception, naming this lifecycle; every lifecycle already
     * started is stopped, in reverse order.
     */
    void start() throws Exception;

    /**
     * Closes it again and frees its threads. Must be idempotent and should return within a few
     * seconds (shutdown waits for it). What it throws is logged and the other lifecycles still stop.
     */
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
