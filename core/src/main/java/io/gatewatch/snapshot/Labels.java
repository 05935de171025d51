package io.gatewatch.snapshot;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * An immutable, ordered set of label names and values. Names are shared by every series of a
 * family, so a series pays only for its values.
 */
public final class Labels {
    public static final Labels EMPTY = new Labels(new String[0], new String[0]);

    private final String[] names;
    private final String[] values;
    private final int hash;

    private Labels(String[] names, String[] values) {
        this.names = names;
        this.values = values;
        this.hash = 31 * Arrays.hashCode(names) + Arrays.hashCode(values);
    }

    /** Names and values must have the same length; both arrays are copied. */
    public static Labels of(List<String> names, List<String> values) {
        return of(names.toArray(String[]::new), values.toArray(String[]::new));
    }

    public static Labels of(String[] names, String[] values) {
        if (names.length != values.length) {
            throw new IllegalArgumentException("label names " + Arrays.toString(names)
                    + " and values " + Arrays.toString(values) + " differ in length");
        }
        for (int i = 0; i < names.length; i++) {
            Objects.requireNonNull(names[i], "label name");
            Objects.requireNonNull(values[i], "label value");
        }
        return new Labels(names.clone(), values.clone());
    }

    /** Convenience for tests and sources: {@code Labels.pairs("service", "a", "route", "b")}. */
    public static Labels pairs(String... namesAndValues) {
        if (namesAndValues.length % 2 != 0) {
            throw new IllegalArgumentException("expected name/value pairs");
        }
        String[] n = new String[namesAndValues.length / 2];
        String[] v = new String[n.length];
        for (int i = 0; i < n.length; i++) {
            n[i] = namesAndValues[2 * i];
            v[i] = namesAndValues[2 * i + 1];
        }
        return of(n, v);
    }

    public int size() {
        return names.length;
    }

    public String name(int i) {
        return names[i];
    }

    public String value(int i) {
        return values[i];
    }

    /** The value of the named label, or {@code null}. */
    public @Nullable String get(String name) {
        for (int i = 0; i < names.length; i++) {
            if (names[i].equals(name)) {
                return values[i];
            }
        }
        return null;
    }

    public List<String> names() {
        return List.of(names);
    }

    public List<String> values() {
        return List.of(values);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Labels other && hash == other.hash
                && Arrays.equals(names, other.names) && Arrays.equals(values, other.values);
    }

    @Override
    public int hashCode() {
        return hash;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("{");
        for (int i = 0; i < names.length; i++) {
            if (i > 0) {
                sb.append(", ");
            }
            sb.append(names[i]).append('=').append('"').append(values[i]).append('"');
        }
        return sb.append('}').toString();
    }
}
