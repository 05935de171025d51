package io.gatewatch.vitals.internal;

import io.gatewatch.spi.JsonText;

/**
 * A minimal JSON writer for the API's documents: objects, arrays, strings, numbers and null.
 * Commas are placed automatically; NaN and infinities become {@code null}.
 */
final class Json {
    private final StringBuilder out = new StringBuilder(256);
    private boolean needComma;

    Json beginObject() {
        comma();
        out.append('{');
        needComma = false;
        return this;
    }

    Json endObject() {
        out.append('}');
        needComma = true;
        return this;
    }

    Json beginArray() {
        comma();
        out.append('[');
        needComma = false;
        return this;
    }

    Json endArray() {
        out.append(']');
        needComma = true;
        return this;
    }

    /** A member name; the value follows with the next call. */
    Json name(String name) {
        comma();
        string(name);
        out.append(':');
        needComma = false;
        return this;
    }

    Json value(String value) {
        comma();
        if (value == null) {
            out.append("null");
        } else {
            string(value);
        }
        needComma = true;
        return this;
    }

    Json value(long value) {
        comma();
        out.append(value);
        needComma = true;
        return this;
    }

    Json value(double value) {
        comma();
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            out.append("null");
        } else if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            out.append((long) value);
        } else {
            out.append(value);
        }
        needComma = true;
        return this;
    }

    Json nullValue() {
        comma();
        out.append("null");
        needComma = true;
        return this;
    }

    Json member(String name, String value) {
        return name(name).value(value);
    }

    Json member(String name, long value) {
        return name(name).value(value);
    }

    Json member(String name, double value) {
        return name(name).value(value);
    }

    private void comma() {
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
