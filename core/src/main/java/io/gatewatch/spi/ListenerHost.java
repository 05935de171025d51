package io.gatewatch.spi;

import java.net.InetSocketAddress;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Runs an HTTP listener on a port of a plugin's own, with the status listener's code and
 * protections (limits, time limits, connection cap, auth), for plugins that serve routes apart
 * from the status port: the Prometheus exporter's {@code port}.
 *
 * <p>Implemented by the status listener plugin ({@code gatewatch-health-probes}), which owns the
 * HTTP stack; core only carries the contract, so no plugin needs an HTTP server of its own and no
 * plugin depends on another. The status listener plugin offers it through
 * {@link Contributions#listenerHosts(com.google.inject.Binder)}; a plugin asks for it by injecting
 * {@code @AllPlugins Set<ListenerHost>} (read in {@code start()}), which is empty when the status
 * listener plugin is absent or disabled.
 *
 * <pre>{@code
 * ListenerHost.Listener metrics = host.open(new ListenerHost.Spec("prometheus", "0.0.0.0", 9464,
 *         Set.of(metricsRoute), true));
 * ...
 * metrics.close();
 * }</pre>
 *
 * <p><b>Threads.</b> Call {@link #open} from your {@link Lifecycle#start()} (it binds before it
 * returns, so it blocks for as long as binding takes) and {@link Listener#close()} from your
 * {@link Lifecycle#stop()}; both are thread-safe. The listener serves its routes on threads of its
 * own ({@code gatewatch-<name>-io}, {@code gatewatch-<name>-worker-N}), under the same rules as
 * {@link StatusRoute}.
 */
public interface ListenerHost {

    /**
     * Binds and starts serving {@code spec}'s routes, logging the address like the status listener.
     *
     * @throws IllegalStateException naming the address when it cannot be bound
     */
    Listener open(Spec spec);

    /**
     * What to serve, and where.
     *
     * @param name       names the listener in logs, threads and {@code /status} ({@code prometheus})
     * @param host       the interface to bind, or {@code null} for the status listener's ({@code gatewatch.status.host})
     * @param port       the port, {@code 0} for any free one
     * @param routes     the only routes served; anything else is a 404. No probes, no {@code /status}
     * @param statusAuth whether the status listener's credentials ({@code gatewatch.status.auth})
     *                   protect the routes that ask for auth; {@code false} serves them to anyone
     */
    record Spec(String name, @Nullable String host, int port, Set<StatusRoute> routes, boolean statusAuth) {
        public Spec {
            Objects.requireNonNull(name, "name");
            routes = Set.copyOf(routes);
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port must be between 0 and 65535, got " + port);
            }
        }
    }

    /** A running listener. Closing it closes its connections and frees its threads. */
    interface Listener extends AutoCloseable {
        /** The bound address; with port 0 the port the system picked. */
        InetSocketAddress address();

        @Override
        void close();
    }
}
