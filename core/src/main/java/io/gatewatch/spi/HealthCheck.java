package io.gatewatch.spi;

import java.time.Duration;
import java.util.Set;

/**
 * A check that feeds liveness, readiness and/or startup probes.
 *
 * <pre>{@code
 * final class DatabaseCheck implements HealthCheck {
 *     public String name() { return "database"; }
 *     public Set<Probe> probes() { return Set.of(Probe.READINESS); }
 *     public HealthResult check() throws SQLException {
 *         try (Connection c = pool.getConnection()) {
 *             return c.isValid(1) ? HealthResult.up("ok") : HealthResult.down("not valid");
 *         }
 *     }
 * }
 * }</pre>
 *
 * <p><b>Contract.</b> Core runs {@link #check()} in the background every {@link #interval()},
 * on a health thread, never on a probe request's thread; probes read the cached result. A run
 * that exceeds {@link #timeout()} is recorded as an error with reason {@code timeout} and its
 * thread is interrupted; a check that throws is recorded as an error with the exception's class
 * and message. A check may block, but should honour interruption.
 */
public interface HealthCheck {

    String name();

    /** Which probes this check counts for. */
    Set<Probe> probes();

    HealthResult check() throws Exception;

    default Duration interval() {
        return Duration.ofSeconds(5);
    }

    default Duration timeout() {
        return Duration.ofSeconds(2);
    }

    /** Whether a degraded (failing twice, succeeded before) result takes the node out of readiness. */
    default boolean degradedFailsReadiness() {
        return false;
    }
}
