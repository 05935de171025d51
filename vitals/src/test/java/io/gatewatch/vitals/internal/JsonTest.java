package io.gatewatch.vitals.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.gatewatch.spi.support.JsonWriter;
import io.gatewatch.testing.Json;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonTest {

    @Test
    void namesFromTheGatewayAreEscaped() {
        String name = "a\"b\\c</script>\n\t\u0001\u2028";
        String json = new JsonWriter().beginObject().member("route", name).endObject().toString();
        assertThat(json).doesNotContain("</script>").doesNotContain("\n").doesNotContain("\u2028");
        assertThat(Json.read(json).path("route").textValue()).isEqualTo(name);
    }

    @Test
    void missingFiguresAreNullNotZero() {
        String json = new JsonWriter().beginArray().value(Double.NaN).value(Double.POSITIVE_INFINITY).value(0.0)
                .value(2.0).value(0.25).nullValue().value((String) null).endArray().toString();
        assertThat(json).isEqualTo("[null,null,0,2,0.25,null,null]");
        assertThat(Json.plain(Json.read(json))).isEqualTo(java.util.Arrays.asList(null, null, 0L, 2L, 0.25, null, null));
    }

    @Test
    void nestedDocumentsGetTheirCommas() {
        String json = new JsonWriter().beginObject().member("a", 1).name("b").beginArray().beginObject().member("c", "d")
                .endObject().beginObject().endObject().endArray().member("e", 1.5).endObject().toString();
        assertThat(Json.plainObject(json)).isEqualTo(Map.of("a", 1L, "b", List.of(Map.of("c", "d"), Map.of()), "e", 1.5));
    }
}
