package io.gatewatch.exporter.statsd;

import java.util.Arrays;

/**
 * A growable byte buffer that StatsD lines are written into, reused from flush to flush so a
 * flush allocates nothing once the buffer has grown to its working size.
 *
 * <p>Every text appender sanitises: a name or tag can never contain a byte that ends its field
 * ({@code : | , # @}), its line ({@code \n}) or, depending on the flavour, its tag ({@code = .}).
 * Text is written as UTF-8 without going through {@code String.getBytes}.
 */
final class LineBuffer {
    /** What may appear in a metric name or tag key, in every flavour. */
    private static final boolean[] NAME = allowed("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_.-");
    /** What may appear in an etsy name segment: like a name, but a dot would add a level. */
    private static final boolean[] SEGMENT = allowed("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-");

    private byte[] bytes;
    private int length;

    LineBuffer(int initialCapacity) {
        bytes = new byte[Math.max(16, initialCapacity)];
    }

    void reset() {
        length = 0;
    }

    int length() {
        return length;
    }

    /** The backing array; valid up to {@link #length()} until the next write. */
    byte[] array() {
        return bytes;
    }

    void truncate(int newLength) {
        length = newLength;
    }

    LineBuffer put(char ascii) {
        ensure(1);
        bytes[length++] = (byte) ascii;
        return this;
    }

    /** Appends bytes of another buffer. */
    void put(byte[] src, int from, int to) {
        ensure(to - from);
        System.arraycopy(src, from, bytes, length, to - from);
        length += to - from;
    }

    /** Trusted ASCII that needs no sanitising (types, separators). */
    LineBuffer putAscii(String s) {
        ensure(s.length());
        for (int i = 0; i < s.length(); i++) {
            bytes[length++] = (byte) s.charAt(i);
        }
        return this;
    }

    /** A metric name or tag key: letters, digits, {@code _ . -}; anything else becomes {@code _}. */
    LineBuffer putName(String s) {
        return putFiltered(s, NAME);
    }

    /** A label value folded into an etsy name: like a name, and a dot becomes {@code _} too. */
    LineBuffer putSegment(String s) {
        return putFiltered(s, SEGMENT);
    }

    /**
     * A DogStatsD or Telegraf tag value: any text, UTF-8, except the bytes that would end the
     * value or the line, which become {@code _}. {@code extra} names the flavour's own
     * separators ({@code =} and space for Telegraf).
     */
    LineBuffer putTagValue(String s, String extra) {
        if (s.isEmpty()) {
            return putAscii("unknown");
        }
        ensure(s.length() * 3 + 1);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                boolean bad = c < 0x20 || c == 0x7f || c == ':' || c == '|' || c == ',' || c == '#' || c == '@'
                        || extra.indexOf(c) >= 0;
                bytes[length++] = (byte) (bad ? '_' : c);
            } else if (c < 0x800) {
                bytes[length++] = (byte) (0xc0 | c >> 6);
                bytes[length++] = (byte) (0x80 | c & 0x3f);
            } else if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                int cp = Character.toCodePoint(c, s.charAt(++i));
                ensure(4 + (s.length() - i) * 3);
                bytes[length++] = (byte) (0xf0 | cp >> 18);
                bytes[length++] = (byte) (0x80 | cp >> 12 & 0x3f);
                bytes[length++] = (byte) (0x80 | cp >> 6 & 0x3f);
                bytes[length++] = (byte) (0x80 | cp & 0x3f);
            } else if (Character.isSurrogate(c)) {
                bytes[length++] = '_';   // a lone surrogate has no UTF-8 form
            } else {
                bytes[length++] = (byte) (0xe0 | c >> 12);
                bytes[length++] = (byte) (0x80 | c >> 6 & 0x3f);
                bytes[length++] = (byte) (0x80 | c & 0x3f);
            }
        }
        return this;
    }

    LineBuffer putLong(long v) {
        ensure(20);
        if (v < 0) {
            bytes[length++] = '-';
            if (v == Long.MIN_VALUE) {
                return putAscii("9223372036854775808");
            }
            v = -v;
        }
        int start = length;
        do {
            bytes[length++] = (byte) ('0' + v % 10);
            v /= 10;
        } while (v != 0);
        for (int i = start, j = length - 1; i < j; i++, j--) {
            byte t = bytes[i];
            bytes[i] = bytes[j];
            bytes[j] = t;
        }
        return this;
    }

    /**
     * {@code unscaled / 10^digits} in plain decimal, without trailing zeros and never in
     * exponent notation, which some StatsD servers reject: {@code putFixed(1_500_000, 9)} is
     * {@code 0.0015}.
     */
    LineBuffer putFixed(long unscaled, int digits) {
        if (unscaled < 0) {
            put('-');
            unscaled = -unscaled;   // values here are far from Long.MIN_VALUE
        }
        long pow = POW10[digits];
        putLong(unscaled / pow);
        long fraction = unscaled % pow;
        if (fraction != 0) {
            while (fraction % 10 == 0) {
                fraction /= 10;
                digits--;
            }
            put('.');
            ensure(digits);
            for (int i = digits - 1; i >= 0; i--) {
                bytes[length + i] = (byte) ('0' + fraction % 10);
                fraction /= 10;
            }
            length += digits;
        }
        return this;
    }

    /** A finite double with up to six decimals; larger magnitudes are rounded to integers. */
    LineBuffer putDouble(double v) {
        if (Math.abs(v) >= 1e12) {
            return putLong(Math.round(v));
        }
        return putFixed(Math.round(v * 1e6), 6);
    }

    private LineBuffer putFiltered(String s, boolean[] allowed) {
        if (s.isEmpty()) {
            return putAscii("unknown");
        }
        ensure(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            bytes[length++] = (byte) (c < 128 && allowed[c] ? c : '_');
        }
        return this;
    }

    private void ensure(int more) {
        if (length + more > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, length + more));
        }
    }

    private static boolean[] allowed(String chars) {
        boolean[] table = new boolean[128];
        for (int i = 0; i < chars.length(); i++) {
            table[chars.charAt(i)] = true;
        }
        return table;
    }

    private static final long[] POW10 = {
        1L, 10L, 100L, 1_000L, 10_000L, 100_000L, 1_000_000L, 10_000_000L, 100_000_000L, 1_000_000_000L,
    };

    @Override
    public String toString() {
        return new String(bytes, 0, length, java.nio.charset.StandardCharsets.UTF_8);
    }
}
