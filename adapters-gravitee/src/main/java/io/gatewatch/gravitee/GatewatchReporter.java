package io.gatewatch.gravitee;

import io.gatewatch.Gatewatch;
import io.gatewatch.gravitee.internal.ApiRecorder;
import io.gravitee.common.component.Lifecycle;
import io.gravitee.reporter.api.Reportable;
import io.gravitee.reporter.api.Reporter;
import io.gravitee.reporter.api.v4.metric.Metrics;
import java.util.function.Supplier;

/**
 * A Gravitee reporter that records each v4 request's {@link Metrics} into gatewatch.
 *
 * <p>Gravitee creates it from the plugin descriptor with the no-argument constructor; it then
 * starts its own gatewatch from the HOCON configuration ({@code application.conf} or
 * {@code -Dconfig.file}) when Gravitee starts the reporter, and closes it when Gravitee stops it.
 * A gatewatch that the host already runs can be handed in instead; it is then left open on stop.
 */
public final class GatewatchReporter implements Reporter {
    private final Supplier<Gatewatch> source;
    private final boolean owned;
    private volatile Lifecycle.State state = Lifecycle.State.INITIALIZED;
    private volatile Gatewatch gatewatch;
    private volatile ApiRecorder recorder;

    /** Starts its own gatewatch from the HOCON configuration when the reporter starts. */
    public GatewatchReporter() {
        // Gravitee loads each plugin in a class loader of its own: gatewatch's plugins and their
        // reference.conf files sit beside this class there, not on the gateway's context class loader
        this(() -> Gatewatch.builder().classLoader(GatewatchReporter.class.getClassLoader()).start(), true);
    }

    /** Records into a gatewatch the host runs; stopping the reporter leaves it open. */
    public GatewatchReporter(Gatewatch gatewatch) {
        this(() -> gatewatch, false);
    }

    private GatewatchReporter(Supplier<Gatewatch> source, boolean owned) {
        this.source = source;
        this.owned = owned;
    }

    @Override
    public Lifecycle.State lifecycleState() {
        return state;
    }

    @Override
    public synchronized Reporter start() {
        if (state != Lifecycle.State.STARTED) {
            gatewatch = source.get();
            recorder = new ApiRecorder(gatewatch.metrics());
            state = Lifecycle.State.STARTED;
        }
        return this;
    }

    @Override
    public synchronized Reporter stop() {
        if (state == Lifecycle.State.STARTED) {
            state = Lifecycle.State.STOPPING;
            recorder = null;
            if (owned) {
                gatewatch.close();
            }
            gatewatch = null;
            state = Lifecycle.State.STOPPED;
        }
        return this;
    }

    /** Only request metrics: logs, message metrics, health checks and node monitoring go to other reporters. */
    @Override
    public boolean canHandle(Reportable reportable) {
        return reportable instanceof Metrics;
    }

    @Override
    public void report(Reportable reportable) {
        ApiRecorder current = recorder;
        // Gravitee may still drain its queue into a stopped reporter: those requests are dropped
        if (current != null && reportable instanceof Metrics metrics) {
            current.record(metrics);
        }
    }

    /** The number of distinct APIs whose label handles were resolved since start (one per API id and name). */
    public int resolvedApis() {
        ApiRecorder current = recorder;
        return current == null ? 0 : current.resolvedApis();
    }
}
