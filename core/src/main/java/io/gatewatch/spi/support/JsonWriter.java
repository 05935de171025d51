package io.gatewatch.spi.support;

import java.util.Collection;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;

/**
 * A small JSON writer for the documents plugins serve on the status listener ({@code /status},
 * {@code /vitals/series}): objects, arrays, strings, numbers, booleans and null, with the commas
 * placed for you. NaN and infinities become {@code null}; whole numbers are written without a
 * fraction ({@code 2}, not {@code 2.0}).
 *
 * <pre>{@code
 * String body = new JsonWriter().beginObject()
 *         .member("status", "UP")
 *         .name("checks").beginArray().value("database").endArray()
 *         .endObject().toString();
 * }</pre>
 *
 * <p>A writer built with a string filter passes every string value through it first, so a route
 * that shows messages it did not write (health records, error texts) can mask secrets in one place.
 * Not thread-safe: one writer per document.
 */
public final class JsonWriter {
    private final StringBuilder out = new StringBuilder(256);
    private final UnaryOperator<String> strings;
    private boolean needComma;

    public JsonWriter() {
        this(UnaryOperator.identity());
    }

    /** @param strings applied to every string value (not to member names), e.g. a secret mask */
    public JsonWriter(UnaryOperator<String> strings) {
        this.strings = strings;
    }

    public JsonWriter beginObject() {
        comma();
        out.append('{');
        needComma = false;
        return this;
    }

    public JsonWriter endObject() {
        out.append('}');
        needComma = true;
        return this;
    }

    public JsonWriter beginArray() {
        comma();
        out.append('[');
        needComma = false;
        return this;
    }

    public JsonWriter endArray() {
        out.append(']');
        needComma = true;
        return this;
    }

    /** A member name; the value follows with the next call. */
    public JsonWriter name(String name) {
        comma();
        JsonText.appendQuoted(out, name).append(':');
        needComma = false;
        return this;
    }

    public JsonWriter value(@Nullable String value) {
        comma();
        JsonText.appendQuoted(out, value == null ? null : strings.apply(value));
        needComma = true;
        return this;
    }

    public JsonWriter value(long value) {
        comma();
        out.append(value);
        needComma = true;
        return this;
    }

    public JsonWriter value(double value) {
        comma();
        if (!Double.isFinite(value)) {
            out.append("null");
        } else if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            out.append((long) value); // 2, not 2.0: whole figures read as integers
        } else {
            out.append(value);
        }
        needComma = true;
        return this;
    }

    public JsonWriter value(boolean value) {
        comma();
        out.append(value);
        needComma = true;
        return this;
    }

    public JsonWriter nullValue() {
        comma();
        out.append("null");
        needComma = true;
        return this;
    }

    public JsonWriter member(String name, @Nullable String value) {
        return name(name).value(value);
    }

    public JsonWriter member(String name, long value) {
        return name(name).value(value);
    }

    public JsonWriter member(String name, double value) {
        return name(name).value(value);
    }

    /** Strings, numbers, booleans, null, and maps and collections of those; anything else as its string. */
    public JsonWriter any(@Nullable Object value) {
        if (value instanceof Map<?, ?> map) {
            beginObject();
            for (Map.Entry<?, ?> e : map.entrySet()) {
                name(String.valueOf(e.getKey())).any(e.getValue());
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
        if (value == null) {
            return nullValue();
        }
        if (value instanceof Boolean b) {
            return value(b.booleanValue());
        }
        if (value instanceof Double || value instanceof Float) {
            return value(((Number) value).doubleValue());
        }
        if (value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte) {
            return value(((Number) value).longValue());
        }
        if (value instanceof Number n) {
            comma();
            out.append(n);
            needComma = true;
            return this;
        }
        return value(String.valueOf(value));
    }

    private void comma() {
        if (needComma) {
            out.append(',');
        }
    }

    @Override
    public String toString() {
        return out.toString();
    }
}
