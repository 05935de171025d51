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
 * <p>Called on the listener's own event-loop or worker threads, never a gateway thread, possibly
 * concurrently. Throwing gives the client a 500 without a stack trace (the error is logged).
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
