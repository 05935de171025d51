package io.gatewatch.api;

import java.util.List;
import java.util.Map;

/**
 * The read side of the health registry, for a gateway ({@code Gatewatch.health()}) and the status
 * listener: cached, never runs a check. Every method is safe to call from any thread, as often as
 * probes arrive, and returns at once.
 */
public interface HealthView {

    /** Every component (checks, exporters, config, store), in a stable order. */
    List<ComponentHealth> components();

    /** healthy when all components are, down when all are, degraded otherwise. */
    HealthStatus overall();

    /**
     * The verdict for one probe: up or not, and the components that count for it. Readiness
     * is also down until start-up finished and from the moment shutdown began.
     */
    ProbeReport probe(Probe probe);

    /**
     * Hears every transition of a component's status from now on (not every record): to page
     * someone, or to take a node out of a load balancer before the next probe.
     */
    void addListener(Listener listener);

    /**
     * Called synchronously on the thread whose record changed the status: a health thread
     * ({@code gatewatch-health-N}) for a check's result or time-out, an exporter's thread
     * ({@code gatewatch-exporter-<name>-1}) for an export, core's scheduler for an overdue export, or
     * whichever thread reported through {@code HealthReporter}. Transitions of different components
     * may arrive at the same time on different threads. Return at once and never block: the thread
     * that fires it is doing health or export work. What it throws is logged and the other listeners
     * are still called.
     */
    @FunctionalInterface
    interface Listener {
        void onTransition(String component, HealthStatus from, HealthStatus to);
    }

    /** One timestamped record: {@code [ok]} or {@code [error]} and a message. */
    record HealthRecord(long timestampMillis, boolean ok, String message) {
    }

    /**
     * @param probes  the probes the component counts for (empty: shown in /status only)
     * @param records the last N records, oldest first
     */
    record ComponentHealth(String name, HealthStatus status, List<Probe> probes, List<HealthRecord> records,
                           Map<String, Object> data) {
        public ComponentHealth {
            probes = List.copyOf(probes);
            records = List.copyOf(records);
            data = Map.copyOf(data);
        }
    }

    /**
     * @param up     the probe's answer (200 when true, 503 when not)
     * @param status {@code UP}, {@code DEGRADED} or {@code DOWN} for the body
     * @param reason why it is down when no component explains it ({@code starting}, {@code draining}), else empty
     */
    record ProbeReport(boolean up, String status, String reason, List<ComponentHealth> checks) {
        public ProbeReport {
            checks = List.copyOf(checks);
        }
    }
}
