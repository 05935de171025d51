package io.gatewatch.spi;

import java.util.Map;
import java.util.Objects;

/**
 * What one run of a {@link HealthCheck} found.
 *
 * @param up      whether the checked thing works
 * @param message short, human-readable, never secret
 * @param data    small details for {@code /health} bodies (strings and numbers)
 */
public record HealthResult(boolean up, String message, Map<String, Object> data) {
    public HealthResult {
        Objects.requireNonNull(message, "message");
        data = Map.copyOf(data);
    }

    /** The checked thing works: its component is healthy from this result on. */
    public static HealthResult up(String message) {
        return new HealthResult(true, message, Map.of());
    }

    /** The checked thing does not work: its component is down from this result on (see {@link HealthCheck}). */
    public static HealthResult down(String message) {
        return new HealthResult(false, message, Map.of());
    }

    public HealthResult withData(Map<String, Object> more) {
        return new HealthResult(up, message, more);
    }
}
