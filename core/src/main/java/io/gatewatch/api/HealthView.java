package io.gatewatch.api;

import java.util.List;
import java.util.Map;

/**
 * The read side of the health registry, for the status listener: cached, never runs a check.
 * Safe to call from any thread, as often as probes arrive.
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

    /** Called on every transition of a component's status (not on every record). */
    void addListener(Listener listener);

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
