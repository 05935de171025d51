package io.gatewatch.api;

/**
 * The base unit of a metric and the scale from the raw values the store keeps. Durations are
 * recorded as nanoseconds (integers, exact) and shown in seconds.
 */
public enum Unit {
    NONE("", 1.0),
    SECONDS("seconds", 1e-9),
    BYTES("bytes", 1.0);

    private final String suffix;
    private final double scale;

    Unit(String suffix, double scale) {
        this.suffix = suffix;
        this.scale = scale;
    }

    /** The Prometheus base-unit suffix ({@code seconds}, {@code bytes}), empty for none. */
    public String suffix() {
        return suffix;
    }

    /** Multiply a raw value by this to get the base unit. */
    public double scale() {
        return scale;
    }

    public double toBase(long raw) {
        return raw * scale;
    }

    public double toBase(double raw) {
        return raw * scale;
    }
}
