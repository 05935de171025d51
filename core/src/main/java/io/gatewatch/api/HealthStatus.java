package io.gatewatch.api;

/**
 * A component's state: {@code healthy}; {@code degraded} after two errors in a row; {@code down}
 * when a check says so, after {@code gatewatch.health.failure-threshold} errors in a row (default
 * 5), or before its first success. The rules are spelled out on {@code io.gatewatch.spi.HealthCheck}.
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
