package io.gatewatch.probes.internal;

import io.gatewatch.spi.JsonText;
import java.util.Collection;
import java.util.Map;

/**
 * A tiny JSON writer for the listener's small documents. Every string goes through
 * {@link Redactor} first, so a secret that slipped into a message or a data value never leaves.
 */
final class JsonWriter {
    private final StringBuilder out = new StringBuilder(256);
    private final Redactor redactor;
    private boolean needComma;

    JsonWriter(Redactor redactor) {
        this.redactor = redactor;
    }

    JsonWriter beginObject() {
        separate();
        out.append('{');
        needComma = false;
        return this;
    }

    JsonWriter endObject() {
        out.append('}');
        needComma = true;
        return this;
    }

    JsonWriter beginArray() {
        separate();
        out.append('[');
        needComma = false;
        return this;
    }

    JsonWriter endArray() {
        out.append(']');
        needComma = true;
        return this;
    }

    /** Writes a member name; the value call that follows must not add a comma. */
    JsonWriter name(String name) {
        separate();
        string(name);
        out.append(':');
        needComma = false;
        return this;
    }

    JsonWriter value(String value) {
        separate();
        if (value == null) {
            out.append("null");
        } else {
            string(redactor.mask(value));
        }
        needComma = true;
        return this;
    }

    JsonWriter value(long value) {
        separate();
        out.append(value);
        needComma = true;
        return this;
    }

    JsonWriter member(String name, String value) {
        return name(name).value(value);
    }

    /** Strings, numbers, booleans, null, maps and collections of those; anything else as its string. */
    JsonWriter any(Object value) {
        if (value instanceof Map<?, ?> map) {
            beginObject();
            for (Map.Entry<?, ?> e : map.entrySet()) {
                String key = String.valueOf(e.getKey());
                name(key);
                if (Redactor.isSecretName(key) && e.getValue() != null) {
                    value(Redactor.MASK);
                } else {
                    any(e.getValue());
                }
            }
            return endObject();
        }
        if (value instanceof Collection<?> list) {
            beginArray();
            for (Object element : list) {
                any(element);
            }
            return endArray();
        }
        separate();
        if (value == null) {
            out.append("null");
        } else if (value instanceof Boolean b) {
            out.append(b.booleanValue());
        } else if (value instanceof Double || value instanceof Float) {
            double d = ((Number) value).doubleValue();
            out.append(Double.isFinite(d) ? Double.toString(d) : "null");
        } else if (value instanceof Number n) {
            out.append(n.toString());
        } else {
            string(redactor.mask(String.valueOf(value)));
        }
        needComma = true;
        return this;
    }

    private void separate() {
        if (needComma) {
            out.append(',');
        }
    }

    private void string(String s) {
        JsonText.appendQuoted(out, s);
    }

    @Override
    public String toString() {
        return out.toString();
    }
}
