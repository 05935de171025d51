package io.gatewatch.spi;

import com.google.inject.Binder;
import com.google.inject.multibindings.Multibinder;

/**
 * The multibinders through which a plugin's module contributes. Each call returns the same set
 * binder core reads, so contributions from any number of plugins add up.
 *
 * <pre>{@code
 * protected void configure() {
 *     Contributions.healthChecks(binder()).addBinding().to(UpstreamReachabilityCheck.class);
 *     Contributions.metricSources(binder()).addBinding().toInstance(fileAgeSource);
 * }
 * }</pre>
 */
public final class Contributions {
    private Contributions() {
    }

    public static Multibinder<PushExporter> pushExporters(Binder binder) {
        return Multibinder.newSetBinder(binder, PushExporter.class);
    }

    public static Multibinder<Lifecycle> lifecycles(Binder binder) {
        return Multibinder.newSetBinder(binder, Lifecycle.class);
    }

    public static Multibinder<MetricSource> metricSources(Binder binder) {
        return Multibinder.newSetBinder(binder, MetricSource.class);
    }

    public static Multibinder<HealthCheck> healthChecks(Binder binder) {
        return Multibinder.newSetBinder(binder, HealthCheck.class);
    }

    public static Multibinder<StatusRoute> statusRoutes(Binder binder) {
        return Multibinder.newSetBinder(binder, StatusRoute.class);
    }

    /**
     * The status listener plugin's offer to run listeners of other plugins' own ({@link ListenerHost}).
     * The status listener plugin adds it here; a plugin that wants one injects
     * {@code @AllPlugins Set<ListenerHost>} (every plugin's offers, read in {@link Lifecycle#start()}):
     * empty when {@code gatewatch-health-probes} is not on the classpath or
     * {@code gatewatch.status.enabled = false}.
     */
    public static Multibinder<ListenerHost> listenerHosts(Binder binder) {
        return Multibinder.newSetBinder(binder, ListenerHost.class);
    }

    /** Per-request listeners; see {@link RequestListener} for what they may do on the gateway's thread. */
    public static Multibinder<RequestListener> requestListeners(Binder binder) {
        return Multibinder.newSetBinder(binder, RequestListener.class);
    }
}
