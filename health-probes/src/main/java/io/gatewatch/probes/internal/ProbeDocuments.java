package io.gatewatch.probes.internal;

import io.gatewatch.api.HealthStatus;
import io.gatewatch.api.HealthView;
import io.gatewatch.api.HealthView.ComponentHealth;
import io.gatewatch.api.HealthView.ProbeReport;
import io.gatewatch.api.Probe;
import io.gatewatch.api.RuntimeInfo;
import io.gatewatch.spi.StatusResponse;
import io.gatewatch.spi.support.JsonWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The MicroProfile Health style bodies of {@code /health/live}, {@code /health/ready},
 * {@code /health/started} and {@code /health}: 200 when up, 503 when not, the same shape either way.
 *
 * <p>Readiness is also held down by the runtime's own state (starting, draining, stopped), even if
 * the health view has not caught up yet, so a load balancer takes the node out the moment
 * shutdown begins. A {@code lifecycle} check in the body says why.
 */
final class ProbeDocuments {
    static final String UP = "UP";
    static final String DOWN = "DOWN";
    static final String DEGRADED = "DEGRADED";

    private final HealthView health;
    private final RuntimeInfo runtime;
    private final Redactor redactor;

    ProbeDocuments(HealthView health, RuntimeInfo runtime, Redactor redactor) {
        this.health = health;
        this.runtime = runtime;
        this.redactor = redactor;
    }

    /**
     * The verdict of one probe from the health view's cached results and the lifecycle. Cheap, but
     * it calls the health view, so the listener runs it off its event loop (see ProbeEvaluator).
     */
    Verdict evaluate(ProbeKind kind) {
        return kind == ProbeKind.ALL ? all() : probe(kind.probe());
    }

    private Verdict probe(Probe probe) {
        RuntimeInfo.State state = runtime.state();
        ProbeReport report = health.probe(probe);
        List<Check> checks = new ArrayList<>();
        boolean up = report.up();
        if (probe != Probe.LIVENESS) {
            Check lifecycle = lifecycle(probe, state, report.reason());
            checks.add(lifecycle);
            up &= lifecycle.status.equals(UP);
        }
        report.checks().forEach(c -> checks.add(Check.of(c)));
        return new Verdict(up, up ? upStatus(report.status()) : DOWN, checks);
    }

    /** Every check of every probe, up only when all three probes are. */
    private Verdict all() {
        RuntimeInfo.State state = runtime.state();
        Map<String, Check> checks = new LinkedHashMap<>();
        Check lifecycle = lifecycle(Probe.READINESS, state, "");
        checks.put(lifecycle.name, lifecycle);
        boolean up = lifecycle.status.equals(UP);
        boolean degraded = false;
        for (Probe probe : Probe.values()) {
            ProbeReport report = health.probe(probe);
            up &= report.up();
            degraded |= DEGRADED.equals(report.status());
            report.checks().forEach(c -> checks.putIfAbsent(c.name(), Check.of(c)));
        }
        return new Verdict(up, !up ? DOWN : degraded ? DEGRADED : UP, List.copyOf(checks.values()));
    }

    /** The body of a probe answer, with each check's data when {@code detailed}, else its name and status only. */
    StatusResponse render(Verdict verdict, boolean detailed) {
        JsonWriter json = new JsonWriter(redactor::mask).beginObject().member("status", verdict.status)
                .name("checks").beginArray();
        for (Check check : verdict.checks) {
            json.beginObject().member("name", check.name).member("status", check.status);
            if (detailed && !check.data.isEmpty()) {
                json.name("data").any(Redactor.maskSecretNames(check.data));
            }
            json.endObject();
        }
        json.endArray().endObject();
        return StatusResponse.json(verdict.up ? 200 : 503, json.toString());
    }

    /** What the listener answers itself when the health view did not answer in time. */
    StatusResponse unavailable(String reason) {
        return render(failed(reason), true);
    }

    /** A down verdict that names the listener and why it has no better one. */
    Verdict failed(String reason) {
        return new Verdict(false, DOWN, List.of(new Check("status-listener", DOWN, Map.of("reason", reason))));
    }

    private static Check lifecycle(Probe probe, RuntimeInfo.State state, String reason) {
        boolean up = probe == Probe.STARTUP ? state != RuntimeInfo.State.STARTING : state == RuntimeInfo.State.RUNNING;
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("state", state.name().toLowerCase(Locale.ROOT));
        if (reason != null && !reason.isEmpty()) {
            data.put("reason", reason);
        }
        return new Check("lifecycle", up ? UP : DOWN, data);
    }

    private static String upStatus(String reported) {
        return DEGRADED.equals(reported) ? DEGRADED : UP;
    }

    /** A probe's answer before it is written: up or not, the body's status and its checks. */
    record Verdict(boolean up, String status, List<Check> checks) {
        Verdict {
            checks = List.copyOf(checks);
        }
    }

    record Check(String name, String status, Map<String, Object> data) {
        static Check of(ComponentHealth component) {
            Map<String, Object> data = new LinkedHashMap<>(component.data());
            List<HealthView.HealthRecord> records = component.records();
            if (!records.isEmpty() && component.status() != HealthStatus.HEALTHY) {
                data.putIfAbsent("message", records.get(records.size() - 1).message());
            }
            return new Check(component.name(), checkStatus(component.status()), data);
        }

        private static String checkStatus(HealthStatus status) {
            return switch (status) {
                case HEALTHY -> UP;
                case DEGRADED -> DEGRADED;
                case DOWN -> DOWN;
            };
        }
    }
}
