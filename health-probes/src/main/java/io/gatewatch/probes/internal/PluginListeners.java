package io.gatewatch.probes.internal;

import io.gatewatch.probes.StatusSettings;
import io.gatewatch.spi.HealthReporter;
import io.gatewatch.spi.ListenerHost;
import io.gatewatch.spi.PluginContext;
import jakarta.inject.Inject;
import java.net.InetSocketAddress;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the listeners other plugins ask for ({@link ListenerHost}) on the status listener's own
 * code: the same {@link HttpListener}, the same limits and time limits from
 * {@code gatewatch.status}, and its auth unless the plugin asked for none. Each listener has
 * its own connection cap, threads and worker queue, so a flood of one port leaves the other alone.
 */
public final class PluginListeners implements ListenerHost {
    private static final Logger LOG = LoggerFactory.getLogger(PluginListeners.class);

    private final StatusSettings settings;
    private final PluginContext context;
    private final Set<Running> open = ConcurrentHashMap.newKeySet();

    @Inject
    public PluginListeners(StatusSettings settings, PluginContext context) {
        this.settings = settings;
        this.context = context;
    }

    @Override
    public Listener open(Spec spec) {
        String host = spec.host() == null ? settings.host() : spec.host();
        StatusSettings.Auth auth = spec.statusAuth() ? settings.auth() : StatusSettings.Auth.NONE;
        Redactor redactor = Redactor.of(settings.auth());
        Router router = Router.routesOnly(spec.routes(), new Authenticator(auth), settings.requestTimeout());
        HttpListener listener = HttpListener.start(spec.name(), host, spec.port(), router, null, redactor, settings,
                context, false);
        Running running = new Running(spec.name(), listener);
        open.add(running);
        InetSocketAddress address = listener.address();
        LOG.atInfo().addKeyValue("listener", spec.name()).addKeyValue("host", address.getHostString())
                .addKeyValue("port", address.getPort()).addKeyValue("auth", auth.enabled())
                .log(spec.name() + " listener started");
        HealthReporter health = context.health();
        if (health != null) {
            health.component(spec.name() + "-listener").ok("listening on " + address.getHostString() + ":"
                    + address.getPort() + (auth.enabled() ? " (auth)" : " (no auth)"));
        }
        return running;
    }

    private final class Running implements Listener {
        private final String name;
        private final HttpListener listener;
        private boolean closed;

        Running(String name, HttpListener listener) {
            this.name = name;
            this.listener = listener;
        }

        @Override
        public InetSocketAddress address() {
            return listener.address();
        }

        /** Open connections right now (for tests and diagnostics). */
        int openConnections() {
            return listener.openConnections();
        }

        @Override
        public synchronized void close() {
            if (closed) {
                return;
            }
            closed = true;
            open.remove(this);
            listener.stop();
            LOG.atInfo().addKeyValue("listener", name).log(name + " listener stopped");
        }
    }
}
