package io.gatewatch.probes.internal;

import io.gatewatch.api.Probe;

/** The four probe answers: one per {@link Probe}, and {@code /health}, which combines them. */
enum ProbeKind {
    LIVENESS(Probe.LIVENESS),
    READINESS(Probe.READINESS),
    STARTUP(Probe.STARTUP),
    ALL(null);

    private final Probe probe;

    ProbeKind(Probe probe) {
        this.probe = probe;
    }

    /** The probe this answers, or {@code null} for {@link #ALL}. */
    Probe probe() {
        return probe;
    }
}
