package io.gatewatch.spi;

import com.google.inject.Binder;
import com.google.inject.multibindings.Multibinder;
import com.google.inject.multibindings.OptionalBinder;

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
     * A plugin that wants one declares it and injects {@code Optional<ListenerHost>}: empty when
     * {@code gatewatch-health-probes} is not on the classpath or {@code gatewatch.status.enabled = false}.
     * The status listener plugin sets the binding.
     */
    public static OptionalBinder<ListenerHost> listenerHost(Binder binder) {
        return OptionalBinder.newOptionalBinder(binder, ListenerHost.class);
    }

    /** Per-request listeners; see {@link RequestListener} for what they may do on the gateway's thread. */
    public static Multibinder<RequestListener> requestListeners(Binder binder) {
        return Multibinder.newSetBinder(binder, RequestListener.class);
    }
}
