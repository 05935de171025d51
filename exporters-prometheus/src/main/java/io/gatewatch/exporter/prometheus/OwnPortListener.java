package io.gatewatch.exporter.prometheus;

import io.gatewatch.spi.Lifecycle;
import io.gatewatch.spi.ListenerHost;
import io.gatewatch.spi.StatusRoute;
import java.util.function.Supplier;
import java.net.InetSocketAddress;
import java.util.Optional;
import java.util.Set;

/**
 * {@code /metrics} on a port of its own (when {@code port} is set), for setups that keep metrics
 * apart from probes. The port is served by the status listener's code through core's
 * {@link ListenerHost}, which {@code gatewatch-health-probes} provides: the same request limits,
 * time limits, connection cap and auth as the status port, HEAD and gzip included. This plugin
 * keeps no HTTP server of its own.
 */
final class OwnPortListener implements Lifecycle {
    static final String NAME = "prometheus";

    private final PrometheusSettings settings;
    private final StatusRoute route;
    private final Supplier<Optional<ListenerHost>> host;
    private ListenerHost.Listener listener;

    OwnPortListener(PrometheusSettings settings, StatusRoute route, Supplier<Optional<ListenerHost>> host) {
        this.settings = settings;
        this.route = route;
        this.host = host;
    }

    @Override
    public String name() {
        return "prometheus-listener";
    }

    @Override
    public synchronized void start() {
        if (listener != null) {
            return;
        }
        ListenerHost listeners = host.get().orElseThrow(() -> new IllegalStateException(
                "gatewatch.exporters.prometheus.port is set, but no status listener runs to serve it: the port is"
                        + " served by gatewatch-health-probes; put io.gatewatch:gatewatch-health-probes on the"
                        + " classpath and keep gatewatch.status.enabled = true, or unset the port to serve "
                        + settings.path() + " on the status listener"));
        listener = listeners.open(new ListenerHost.Spec(NAME, settings.host().orElse(null), settings.port().getAsInt(),
                Set.of(route), settings.auth() == PrometheusSettings.Auth.STATUS));
    }

    /** The bound address (useful when the port is 0). */
    synchronized InetSocketAddress address() {
        if (listener == null) {
            throw new IllegalStateException("prometheus listener is not started");
        }
        return listener.address();
    }

    @Override
    public synchronized void stop() {
        if (listener != null) {
            listener.close();
            listener = null;
        }
    }

    @Override
    public StopPhase stopPhase() {
        // scrapers may take one last look while the gateway drains
        return StopPhase.AFTER_FLUSH;
    }
}
