package io.gatewatch.probes.internal;

import io.gatewatch.api.HealthView;
import io.gatewatch.api.RuntimeInfo;
import io.gatewatch.probes.StatusSettings;
import io.gatewatch.spi.AllPlugins;
import io.gatewatch.spi.HealthReporter;
import io.gatewatch.spi.Lifecycle;
import io.gatewatch.spi.PluginContext;
import io.gatewatch.spi.StatusRoute;
import jakarta.inject.Inject;
import java.net.InetSocketAddress;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The status listener: a small HTTP server on its own port, built on a relocated Netty with one
 * event-loop thread of its own, two worker threads and a probe thread (see {@link HttpListener}),
 * so nothing a client does can take a thread from the gateway.
 *
 * <p>Started and stopped by core's lifecycle; it stops after the final flush, so probes keep
 * being answered (readiness 503, liveness 200) all through the drain.
 */
public final class StatusServer implements Lifecycle {
    private static final Logger LOG = LoggerFactory.getLogger(StatusServer.class);

    private final StatusSettings settings;
    private final HealthView health;
    private final RuntimeInfo runtime;
    private final Set<StatusRoute> routes;
    private final PluginContext context;

    private HttpListener listener;
    private boolean stopped;

    @Inject
    public StatusServer(StatusSettings settings, HealthView health, RuntimeInfo runtime,
                        @AllPlugins Set<StatusRoute> routes, PluginContext context) {
        this.settings = settings;
        this.health = health;
        this.runtime = runtime;
        this.routes = routes;   // every plugin's routes: complete by start(), not yet here
        this.context = context;
    }

    @Override
    public String name() {
        return "status-listener";
    }

    @Override
    public StopPhase stopPhase() {
        return StopPhase.AFTER_FLUSH;
    }

    @Override
    public synchronized void start() throws Exception {
        if (listener != null) {
            return;
        }
        Redactor redactor = Redactor.of(settings.auth());
        ProbeDocuments probes = new ProbeDocuments(health, runtime, redactor);
        Router router = new Router(settings.basePath(), probes, new StatusDocument(health, runtime, redactor), Set.copyOf(routes),
                new Authenticator(settings.auth()), settings.probeTimeout(), settings.requestTimeout());
        try {
            listener = HttpListener.start("status", settings.host(), settings.port(), router, probes, redactor, settings,
                    context, true);
        } catch (IllegalStateException e) {
            stopped = true;
            throw e;
        }
        InetSocketAddress address = address();
        LOG.atInfo().addKeyValue("host", address.getHostString()).addKeyValue("port", address.getPort())
                .addKeyValue("base_path", settings.basePath()).log("status listener started");
        HealthReporter.Component component = context.health() == null ? null : context.health().component(name());
        if (component != null) {
            component.ok("listening on " + address.getHostString() + ":" + address.getPort());
        }
    }

    /** The bound address; with {@code port = 0} the port the system picked. */
    public synchronized InetSocketAddress address() {
        if (listener == null) {
            throw new IllegalStateException("status listener is not started");
        }
        return listener.address();
    }

    /** Open connections right now (for tests and diagnostics). */
    public int openConnections() {
        HttpListener l = listener;
        return l == null ? 0 : l.openConnections();
    }

    @Override
    public synchronized void stop() {
        if (stopped) {
            return;
        }
        stopped = true;
        if (listener != null) {
            listener.stop();
        }
    }
}
