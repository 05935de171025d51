package io.gatewatch.spi;

/**
 * A route on the status listener ({@code /metrics}, {@code /vitals}).
 *
 * <pre>{@code
 * Contributions.statusRoutes(binder()).addBinding().toInstance(new StatusRoute() {
 *     public String path() { return "/metrics"; }
 *     public StatusResponse handle(StatusRequest request) {
 *         return StatusResponse.text(200, render(snapshots.snapshot()));
 *     }
 * });
 * }</pre>
 *
 * <p><b>Threads.</b> {@link #handle} runs on one of the listener's two worker threads
 * ({@code gatewatch-status-worker-N}, or the worker of a listener a plugin opened through
 * {@link ListenerHost}), never on its event loop and never on a gateway thread; two requests may
 * run it at the same time. It may block, up to {@code gatewatch.status.request-timeout} (default
 * 10 s): past that the client gets a 503 and the worker thread is interrupted. Requests beyond
 * what the workers and their queue hold are answered 503 without calling it. Throwing gives the
 * client a 500 without a stack trace (the error is logged). {@link #path()}, {@link #prefix()}
 * and {@link #requiresAuth()} are read once, when the listener starts.
 */
public interface StatusRoute {

    /** The exact path ({@code /metrics}); with {@link #prefix()} every path below it too. */
    String path();

    default boolean prefix() {
        return false;
    }

    /** Whether the status listener's auth (when configured) protects this route. Probes are never protected. */
    default boolean requiresAuth() {
        return true;
    }

    StatusResponse handle(StatusRequest request) throws Exception;
}
