package io.gatewatch.spi.support;

import org.jspecify.annotations.Nullable;

/**
 * Quoting for plugins that write JSON by hand into a reused buffer (a status document, an access
 * log line) instead of pulling a JSON library onto the gateway's classpath.
 *
 * <pre>{@code
 * out.append("{\"route\":");
 * JsonText.appendQuoted(out, route);     // "a \"quoted\" route" stays one valid string
 * out.append('}');
 * }</pre>
 *
 * <p>Escapes quotes, backslashes and every control character, the two line separators JavaScript
 * rejects inside strings (U+2028, U+2029), and {@code <} so the text can also sit inside an HTML
 * {@code <script>} block. Allocates nothing beyond what the buffer grows by. Thread-safe.
 */
public final class JsonText {
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private JsonText() {
    }

    /** Appends {@code value} as a JSON string, quotes included; {@code null} becomes {@code null}. */
    public static StringBuilder appendQuoted(StringBuilder out, @Nullable CharSequence value) {
        if (value == null) {
            return out.append("null");
        }
        out.append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20 || c == '\u2028' || c == '\u2029' || c == '<') {
                        out.append("\\u").append(HEX[(c >> 12) & 0xF]).append(HEX[(c >> 8) & 0xF])
                                .append(HEX[(c >> 4) & 0xF]).append(HEX[c & 0xF]);
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"');
    }
}
