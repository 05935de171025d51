package io.gatewatch.spring.gateway.internal;

import io.gatewatch.Gatewatch;
import io.gatewatch.api.Probe;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * The first thing to stop when the context closes: readiness turns 503, then the drain delay
 * passes while the gateway still serves, so that load balancers stop sending before Spring's
 * graceful shutdown closes the port. Gatewatch itself closes later, when its bean is destroyed,
 * after the web server finished its in-flight requests: that is when the last export runs.
 */
public final class DrainBeforeWebServerStops implements SmartLifecycle {
    private static final Logger LOG = LoggerFactory.getLogger(DrainBeforeWebServerStops.class);
    /** How long readiness may take to show the drain (its check runs every 200 ms). */
    private static final long READINESS_DEADLINE_NANOS = Duration.ofSeconds(2).toNanos();

    private final Gatewatch gatewatch;
    private final SpringReadiness readiness;
    private final Duration drainDelay;
    private volatile boolean running;

    public DrainBeforeWebServerStops(Gatewatch gatewatch, SpringReadiness readiness, Duration drainDelay) {
        this.gatewatch = gatewatch;
        this.readiness = readiness;
        this.drainDelay = drainDelay;
    }

    @Override
    public void start() {
        running = true;
    }

    @Override
    public void stop() {
        readiness.drain();
        long deadline = System.nanoTime() + READINESS_DEADLINE_NANOS;
        while (gatewatch.health().probe(Probe.READINESS).up() && System.nanoTime() < deadline) {
            if (!pause(Duration.ofMillis(20))) {
                break;
            }
        }
        LOG.atInfo().addKeyValue("drain_delay_ms", drainDelay.toMillis()).log("gatewatch readiness down, draining");
        pause(drainDelay);
        running = false;
    }

    private static boolean pause(Duration d) {
        try {
            Thread.sleep(d.toMillis());
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Stopped before every other lifecycle, the web server's graceful shutdown included. */
    @Override
    public int getPhase() {
        return Integer.MAX_VALUE;
    }
}
