package io.gatewatch.internal.health;

import io.gatewatch.api.HealthStatus;
import io.gatewatch.api.HealthView.ComponentHealth;
import io.gatewatch.api.HealthView.HealthRecord;
import io.gatewatch.api.Probe;
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
 * <p>Status rules, in order: a check's {@code HealthResult.down()} makes it {@code down} at once;
 * {@code failureThreshold} errors in a row (a check that threw or timed out, a failed export)
 * make it {@code down}; an export still running past its interval makes it {@code degraded};
 * an error before any success makes it {@code down}; two errors in a row make it
 * {@code degraded} (one is a blip); otherwise it is {@code healthy}. Before its first record a
 * check is {@code down} (readiness waits for it) and a declared component (a push exporter) is
 * {@code healthy}, waiting for its first export. One success heals. How many records are kept
 * for {@code /status} has no bearing on any of this.
 */
final class ComponentState {
    private final String name;
    private final List<Probe> probes;
    private final boolean degradedFailsReadiness;
    private final int capacity;
    private final int failureThreshold;
    private final ArrayDeque<HealthRecord> records;
    private boolean everSucceeded;
    private int consecutiveFailures;
    private long lastSuccessMillis = -1;
    private Map<String, Object> data = Map.of();
    private HealthStatus status = HealthStatus.DOWN;
    private boolean declared;

    /** What a record says: how it moves the status. */
    enum Verdict {
        /** Works. */
        OK,
        /** An error: counts toward the failure threshold. */
        ERROR,
        /** The checked thing says it does not work: down at once. */
        DOWN,
        /** Still running past its interval: degraded at once, and counts as an error. */
        OVERDUE
    }

    ComponentState(String name, Set<Probe> probes, boolean degradedFailsReadiness, int capacity,
                   int failureThreshold) {
        this.name = name;
        this.probes = probes.stream().sorted().toList();
        this.degradedFailsReadiness = degradedFailsReadiness;
        this.capacity = capacity;
        this.failureThreshold = failureThreshold;
        this.records = new ArrayDeque<>(capacity);
    }

    /**
     * Shows the component before its first record, as healthy with {@code message}: a push
     * exporter is listed from start-up, before its first interval has come.
     */
    synchronized void declare(String message) {
        if (records.isEmpty()) {
            declared = true;
            status = HealthStatus.HEALTHY;
            data = Map.of("state", message);
        }
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
        return declared || !probes.isEmpty() || !records.isEmpty();
    }

    /** Adds a record; returns the status before it (compare with {@link #status()} for a transition). */
    synchronized HealthStatus record(long timestampMillis, Verdict verdict, String message,
                                     Map<String, Object> resultData) {
        HealthStatus before = status;
        boolean ok = verdict == Verdict.OK;
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
        status = evaluate(verdict);
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

    private HealthStatus evaluate(Verdict last) {
        if (last == Verdict.DOWN || consecutiveFailures >= failureThreshold) {
            return HealthStatus.DOWN;
        }
        if (last == Verdict.OVERDUE) {
            return HealthStatus.DEGRADED;
        }
        if (!everSucceeded && consecutiveFailures > 0) {
            return HealthStatus.DOWN;
        }
        return consecutiveFailures >= 2 ? HealthStatus.DEGRADED : HealthStatus.HEALTHY;
    }
}
