package io.gatewatch.internal.health;

import io.gatewatch.spi.HealthStatus;
import io.gatewatch.spi.HealthView.ComponentHealth;
import io.gatewatch.spi.HealthView.HealthRecord;
import io.gatewatch.spi.Probe;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One component's last N records and the status they imply. Written by one health or exporter
 * thread at a time, read by probes; the monitor keeps records and status consistent.
 *
 * <p>Status rules: {@code down} until the first success, and again when every one of the last N
 * records is an error (a long outage reads as down, not degraded); {@code degraded} when the
 * last two records are errors; {@code healthy} after one success.
 */
final class ComponentState {
    private final String name;
    private final List<Probe> probes;
    private final boolean degradedFailsReadiness;
    private final int capacity;
    private final ArrayDeque<HealthRecord> records;
    private boolean everSucceeded;
    private int consecutiveFailures;
    private long lastSuccessMillis = -1;
    private Map<String, Object> data = Map.of();
    private HealthStatus status = HealthStatus.DOWN;

    ComponentState(String name, Set<Probe> probes, boolean degradedFailsReadiness, int capacity) {
        this.name = name;
        this.probes = probes.stream().sorted().toList();
        this.degradedFailsReadiness = degradedFailsReadiness;
        this.capacity = capacity;
        this.records = new ArrayDeque<>(capacity);
    }

    String name() {
        return name;
    }

    boolean countsFor(Probe probe) {
        return probes.contains(probe);
    }

    boolean degradedFailsReadiness() {
        return degradedFailsReadiness;
    }

    /**
     * A reported component (an exporter, a listener) is shown from its first record on: one that
     * has not had anything to report yet (a pull exporter nobody scraped) is not "down". A check
     * that counts for a probe is shown, and counts as down, from the start: readiness waits for it.
     */
    synchronized boolean shown() {
        return !probes.isEmpty() || !records.isEmpty();
    }

    /** Adds a record; returns the status before it (compare with {@link #status()} for a transition). */
    synchronized HealthStatus record(long timestampMillis, boolean ok, String message, Map<String, Object> resultData) {
        HealthStatus before = status;
        if (records.size() == capacity) {
            records.removeFirst();
        }
        records.addLast(new HealthRecord(timestampMillis, ok, message));
        if (ok) {
            everSucceeded = true;
            consecutiveFailures = 0;
            lastSuccessMillis = timestampMillis;
        } else {
            consecutiveFailures++;
        }
        data = resultData;
        status = evaluate();
        return before;
    }

    synchronized HealthStatus status() {
        return status;
    }

    synchronized ComponentHealth view() {
        Map<String, Object> shown = new LinkedHashMap<>(data);
        shown.put("consecutiveFailures", consecutiveFailures);
        if (lastSuccessMillis >= 0) {
            shown.put("lastSuccessMillis", lastSuccessMillis);
        }
        return new ComponentHealth(name, status, probes, new ArrayList<>(records), shown);
    }

    private HealthStatus evaluate() {
        if (!everSucceeded || consecutiveFailures >= capacity) {
            return HealthStatus.DOWN;
        }
        return consecutiveFailures >= 2 ? HealthStatus.DEGRADED : HealthStatus.HEALTHY;
    }
}
