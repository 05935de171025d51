package io.gatewatch.spi.support;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class JsonTextTest {

    private static String quoted(String s) {
        return JsonText.appendQuoted(new StringBuilder(), s).toString();
    }

    @Test
    void escapesWhatWouldBreakTheStringOrThePageAroundIt() {
        assertThat(quoted("plain")).isEqualTo("\"plain\"");
        assertThat(quoted("a\"b\\c")).isEqualTo("\"a\\\"b\\\\c\"");
        assertThat(quoted("l1\nl2\r\t")).isEqualTo("\"l1\\nl2\\r\\t\"");
        assertThat(quoted("\u0000\u0007\u001f")).isEqualTo("\"\\u0000\\u0007\\u001f\"");
        assertThat(quoted("x\u2028y\u2029")).isEqualTo("\"x\\u2028y\\u2029\"");
        assertThat(quoted("</script>")).isEqualTo("\"\\u003c/script>\"");
        assertThat(quoted("größe ✓ 🚀")).isEqualTo("\"größe ✓ 🚀\"");
        assertThat(quoted(null)).isEqualTo("null");
    }
}
