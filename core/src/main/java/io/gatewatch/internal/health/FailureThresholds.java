package io.gatewatch.internal.health;

import java.util.Map;

/**
 * How many errors in a row make a component down ({@code gatewatch.health.failure-threshold}),
 * with per-component exceptions ({@code gatewatch.health.failure-thresholds}). Separate from how
 * many records {@code /status} keeps: showing more history must not change when a component is down.
 *
 * @param standard     for every component not named in {@code perComponent}; at least 1
 * @param perComponent component name to threshold
 */
public record FailureThresholds(int standard, Map<String, Integer> perComponent) {
    public static final int DEFAULT = 5;

    public FailureThresholds {
        if (standard < 1) {
            throw new IllegalArgumentException("failure threshold must be at least 1, got " + standard);
        }
        perComponent = Map.copyOf(perComponent);
    }

    public static FailureThresholds of(int standard) {
        return new FailureThresholds(standard, Map.of());
    }

    int forComponent(String name) {
        return perComponent.getOrDefault(name, standard);
    }
}
