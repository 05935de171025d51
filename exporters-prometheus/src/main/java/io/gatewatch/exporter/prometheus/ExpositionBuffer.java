package io.gatewatch.exporter.prometheus;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A growable byte buffer that an exposition is rendered into and that is reused from scrape to
 * scrape, so a steady-state scrape allocates nothing for its output.
 *
 * <pre>{@code
 * ExpositionBuffer out = new ExpositionBuffer();
 * renderer.render(snapshot, out);     // reset() is implied
 * out.writeTo(response);
 * }</pre>
 *
 * <p>Not thread-safe: one render at a time per buffer.
 */
public final class ExpositionBuffer {
    private static final byte[] DIGITS = "0123456789".getBytes(StandardCharsets.US_ASCII);

    private byte[] bytes;
    private int size;
    private final byte[] scratch = new byte[20];

    public ExpositionBuffer() {
        this(64 * 1024);
    }

    public ExpositionBuffer(int initialCapacity) {
        bytes = new byte[Math.max(16, initialCapacity)];
    }

    /** Forgets the content and keeps the capacity. */
    public void reset() {
        size = 0;
    }

    public int size() {
        return size;
    }

    /** The current capacity: what this buffer keeps between scrapes. */
    public int capacity() {
        return bytes.length;
    }

    public void writeTo(OutputStream out) throws IOException {
        out.write(bytes, 0, size);
    }

    /** A copy of the content. */
    public byte[] toByteArray() {
        return Arrays.copyOf(bytes, size);
    }

    /** The content decoded as UTF-8 (for tests and diagnostics). */
    @Override
    public String toString() {
        return new String(bytes, 0, size, StandardCharsets.UTF_8);
    }

    void ensure(int more) {
        int need = size + more;
        if (need > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(need, bytes.length * 2));
        }
    }

    void put(byte b) {
        ensure(1);
        bytes[size++] = b;
    }

    void put(byte[] b) {
        ensure(b.length);
        System.arraycopy(b, 0, bytes, size, b.length);
        size += b.length;
    }

    void put(byte[] b, int off, int len) {
        ensure(len);
        System.arraycopy(b, off, bytes, size, len);
        size += len;
    }

    /** Decimal digits of a long, without allocating. */
    void putLong(long v) {
        if (v == Long.MIN_VALUE) {
            putAscii("-9223372036854775808");
            return;
        }
        if (v < 0) {
            put((byte) '-');
            v = -v;
        }
        int i = scratch.length;
        do {
            scratch[--i] = DIGITS[(int) (v % 10)];
            v /= 10;
        } while (v != 0);
        put(scratch, i, scratch.length - i);
    }

    /**
     * Nanoseconds as exact decimal seconds ({@code 1500000} → {@code 0.0015}), without the
     * rounding of a double and without allocating.
     */
    void putNanosAsSeconds(long nanos) {
        if (nanos < 0) {
            if (nanos == Long.MIN_VALUE) {
                putAscii("-9223372036.854775808");
                return;
            }
            put((byte) '-');
            nanos = -nanos;
        }
        putLong(nanos / 1_000_000_000L);
        long frac = nanos % 1_000_000_000L;
        if (frac == 0) {
            return;
        }
        int digits = 9;
        while (frac % 10 == 0) {
            frac /= 10;
            digits--;
        }
        put((byte) '.');
        int i = scratch.length;
        for (int d = 0; d < digits; d++) {
            scratch[--i] = DIGITS[(int) (frac % 10)];
            frac /= 10;
        }
        put(scratch, i, scratch.length - i);
    }

    /** A double as Prometheus reads it; integral values take the allocation-free path. */
    void putDouble(double v) {
        if (Double.isNaN(v)) {
            putAscii("NaN");
        } else if (v == Double.POSITIVE_INFINITY) {
            putAscii("+Inf");
        } else if (v == Double.NEGATIVE_INFINITY) {
            putAscii("-Inf");
        } else if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            putLong((long) v);
        } else {
            putAscii(Double.toString(v));
        }
    }

    /** Characters known to be ASCII (numbers, names already sanitised). */
    void putAscii(String s) {
        int n = s.length();
        ensure(n);
        for (int i = 0; i < n; i++) {
            bytes[size++] = (byte) s.charAt(i);
        }
    }

    /**
     * UTF-8 of {@code s}, escaping backslash and newline always and the double quote when
     * {@code quote} is set (label values), as the text formats require. A lone surrogate, which
     * has no UTF-8 form, becomes U+FFFD so the output always stays valid UTF-8.
     */
    void putEscaped(CharSequence s, boolean quote) {
        encode(s, true, quote);
    }

    /** UTF-8 of {@code s} without escaping (lone surrogates become U+FFFD). */
    void putUtf8(CharSequence s) {
        encode(s, false, false);
    }

    private void encode(CharSequence s, boolean escape, boolean quote) {
        int n = s.length();
        // three bytes per char always suffice: escapes take two, a surrogate pair four for two chars
        ensure(n * 3);
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                if (!escape) {
                    bytes[size++] = (byte) c;
                } else if (c == '\\') {
                    bytes[size++] = '\\';
                    bytes[size++] = '\\';
                } else if (c == '\n') {
                    bytes[size++] = '\\';
                    bytes[size++] = 'n';
                } else if (c == '"' && quote) {
                    bytes[size++] = '\\';
                    bytes[size++] = '"';
                } else {
                    bytes[size++] = (byte) c;
                }
            } else if (c < 0x800) {
                bytes[size++] = (byte) (0xC0 | (c >> 6));
                bytes[size++] = (byte) (0x80 | (c & 0x3F));
            } else if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
                int cp = Character.toCodePoint(c, s.charAt(++i));
                bytes[size++] = (byte) (0xF0 | (cp >> 18));
                bytes[size++] = (byte) (0x80 | ((cp >> 12) & 0x3F));
                bytes[size++] = (byte) (0x80 | ((cp >> 6) & 0x3F));
                bytes[size++] = (byte) (0x80 | (cp & 0x3F));
            } else {
                if (Character.isSurrogate(c)) {
                    c = '\uFFFD';
                }
                bytes[size++] = (byte) (0xE0 | (c >> 12));
                bytes[size++] = (byte) (0x80 | ((c >> 6) & 0x3F));
                bytes[size++] = (byte) (0x80 | (c & 0x3F));
            }
        }
    }
}
