package io.gatewatch.exporter.datadog;

import java.util.Objects;

/**
 * A Datadog API key that cannot leak by accident: {@link #toString()} shows only its last four
 * characters, so logging a settings record, an exception or a status body never reveals it. Only
 * the sender reads the real value, to put it in the {@code DD-API-KEY} header.
 */
public final class ApiKey {
    private final String value;

    ApiKey(String value) {
        this.value = Objects.requireNonNull(value, "value");
    }

    /** The key itself; for the request header only. */
    String reveal() {
        return value;
    }

    /** {@code ****abcd}: the last four characters (fewer for very short keys), the rest hidden. */
    public String masked() {
        int shown = value.length() >= 12 ? 4 : Math.max(0, value.length() - 8);
        return "****" + value.substring(value.length() - shown);
    }

    /**
     * Replaces every occurrence of the key in {@code text} by its masked form, for messages that
     * come from outside (a response body, a transport error) and so cannot be trusted.
     */
    String scrub(String text) {
        if (text == null || value.isEmpty()) {
            return text;
        }
        return text.replace(value, masked());
    }

    @Override
    public String toString() {
        return masked();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ApiKey k && k.value.equals(value);
    }

    @Override
    public int hashCode() {
        return value.hashCode();
    }
}
