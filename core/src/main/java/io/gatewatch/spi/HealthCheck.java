package io.gatewatch.spi;

import io.gatewatch.api.Probe;
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
 * <p><b>Threads.</b> Core runs {@link #check()} in the background every {@link #interval()}, on
 * one of its health threads ({@code gatewatch-health-N}), never on a probe request's thread and
 * never on a gateway thread; probes read the cached result. A check never runs twice at once. It
 * may block up to {@link #timeout()}: a run that exceeds it is recorded as an error with reason
 * {@code timeout} and its thread is interrupted (honour interruption); no new run starts until
 * the stuck one returns. A check that throws is recorded as an error with the exception's class
 * and message. {@link #name()}, {@link #probes()}, {@link #interval()}, {@link #timeout()} and
 * {@link #degradedFailsReadiness()} are read once, at start-up.
 *
 * <p><b>Status.</b> Each run leaves a record, and the component's status follows these rules:
 * <ul>
 *   <li>{@link HealthResult#up} makes it {@code healthy} at once (one success heals).</li>
 *   <li>{@link HealthResult#down} makes it {@code down} at once: say down when the thing checked
 *       does not work.</li>
 *   <li>An <em>error</em> (the check threw or overran its timeout: the check could not tell) is a
 *       blip the first time; two in a row make it {@code degraded}; {@code
 *       gatewatch.health.failure-threshold} in a row (default 5; per component in {@code
 *       gatewatch.health.failure-thresholds}) make it {@code down}. An error before any success
 *       is {@code down}.</li>
 *   <li>Before its first run the component is {@code down}, so readiness waits for it.</li>
 * </ul>
 * {@code gatewatch.health.records} only says how many records {@code /status} shows.
 *
 * <p><b>Probes.</b> Liveness is up unless a check counting for {@link Probe#LIVENESS} is down.
 * Readiness is up unless a check counting for {@link Probe#READINESS} (or, when {@code
 * gatewatch.health.readiness-checks} lists names, a listed component) is down, or degraded
 * while {@link #degradedFailsReadiness()} is true; readiness is also down while gatewatch starts
 * and from the moment it drains.
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

    /** Whether this check being degraded (two errors in a row) takes the node out of readiness. */
    default boolean degradedFailsReadiness() {
        return false;
    }
}
