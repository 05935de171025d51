package io.gatewatch.api;

/**
 * A component's state: {@code healthy}; {@code degraded} when its last two records are errors;
 * {@code down} when it never succeeded since start (or a check says so).
 */
public enum HealthStatus {
    HEALTHY("healthy"), DEGRADED("degraded"), DOWN("down");

    private final String label;

    HealthStatus(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
