package io.gatewatch.internal.store;

/** The vocabulary the store uses for values it had to replace. */
final class LabelValues {
    static final String OTHER = "other";
    static final String UNKNOWN = "unknown";
    static final String INVALID = "invalid";
    /** Longer values are folded: a label is a name, not a payload. */
    static final int MAX_LENGTH = 128;

    private LabelValues() {
    }
}
