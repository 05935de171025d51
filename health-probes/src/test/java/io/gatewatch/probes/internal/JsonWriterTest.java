package io.gatewatch.probes.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.gatewatch.spi.support.JsonWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The status documents' JSON: the SPI's writer with the listener's redaction. */
class JsonWriterTest {
    private static final Redactor NOTHING = new Redactor(List.of());

    @Test
    void escapesQuotesBackslashesAndControlCharacters() {
        String json = new JsonWriter(NOTHING::mask).beginObject().member("m", "a\"b\\c\nd\te\u0001f\u2028").endObject().toString();
        assertThat(json).isEqualTo("{\"m\":\"a\\\"b\\\\c\\nd\\te\\u0001f\\u2028\"}");
    }

    @Test
    void writesNestedValuesOfEveryKind() {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("n", 4);
        data.put("d", 1.5);
        data.put("nan", Double.NaN);
        data.put("b", true);
        data.put("null", null);
        data.put("list", List.of("x", 2));
        data.put("map", Map.of("k", "v"));
        String json = new JsonWriter(NOTHING::mask).any(data).toString();
        assertThat(json).isEqualTo("{\"n\":4,\"d\":1.5,\"nan\":null,\"b\":true,\"null\":null,\"list\":[\"x\",2],"
                + "\"map\":{\"k\":\"v\"}}");
    }

    @Test
    void separatesMembersAndArrayElements() {
        String json = new JsonWriter(NOTHING::mask).beginObject().name("a").beginArray().value("x").value(1).endArray()
                .name("b").beginObject().endObject().member("c", null).endObject().toString();
        assertThat(json).isEqualTo("{\"a\":[\"x\",1],\"b\":{},\"c\":null}");
    }

    @Test
    void masksConfiguredSecretsAndSecretNamedValues() {
        Redactor redactor = new Redactor(List.of("hunter22hunter22", "tok-tok-tok"));
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("message", "login with hunter22hunter22 failed; token tok-tok-tok");
        data.put("api-key", "dd-1234");
        data.put("Password", 12345);
        data.put("DD_APP_KEY", "abc");
        data.put("host", "db.internal");
        String json = new JsonWriter(redactor::mask).any(Redactor.maskSecretNames(data)).toString();
        assertThat(json).isEqualTo("{\"message\":\"login with **** failed; token ****\",\"api-key\":\"****\","
                + "\"Password\":\"****\",\"DD_APP_KEY\":\"****\",\"host\":\"db.internal\"}");
    }
}
