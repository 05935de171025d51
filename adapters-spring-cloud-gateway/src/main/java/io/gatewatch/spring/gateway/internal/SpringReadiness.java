package io.gatewatch.spring.gateway.internal;

import io.gatewatch.api.Probe;
import io.gatewatch.spi.HealthCheck;
import io.gatewatch.spi.HealthResult;
import java.time.Duration;
import java.util.Set;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.availability.ApplicationAvailability;
import org.springframework.boot.availability.ReadinessState;

/**
 * Readiness as Spring sees it: Boot's {@link ReadinessState} (moved by {@code AvailabilityChangeEvent}s,
 * so the application and Boot itself can take the node out of rotation) and gatewatch's own drain,
 * which begins before Spring stops its web server.
 */
public final class SpringReadiness implements HealthCheck {
    /** Short, since it only reads two fields: the drain should show on /health/ready at once. */
    private static final Duration INTERVAL = Duration.ofMillis(200);

    private final ObjectProvider<ApplicationAvailability> availability;
    private volatile boolean draining;

    public SpringReadiness(ObjectProvider<ApplicationAvailability> availability) {
        this.availability = availability;
    }

    void drain() {
        draining = true;
    }

    @Override
    public String name() {
        return "spring";
    }

    @Override
    public Set<Probe> probes() {
        return Set.of(Probe.READINESS);
    }

    @Override
    public HealthResult check() {
        if (draining) {
            return HealthResult.down("draining before the web server stops");
        }
        ApplicationAvailability boot = availability.getIfAvailable();
        if (boot == null) {
            return HealthResult.up("no application availability bean");
        }
        ReadinessState state = boot.getReadinessState();
        return state == ReadinessState.ACCEPTING_TRAFFIC ? HealthResult.up("readiness " + state)
                : HealthResult.down("readiness " + state);
    }

    @Override
    public Duration interval() {
        return INTERVAL;
    }
}
