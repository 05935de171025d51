package io.gatewatch.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonTest {

    @Test
    void whatIsNotOneWellFormedDocumentFailsTheRead() {
        assertThatThrownBy(() -> Json.read("{\"a\":1,\"a\":2}")).hasMessageContaining("Duplicate field 'a'");
        assertThatThrownBy(() -> Json.read("{\"a\":1} {\"b\":2}")).hasMessageContaining("Trailing token");
        assertThatThrownBy(() -> Json.read("")).hasMessageContaining("empty input");
        assertThatThrownBy(() -> Json.read("{\"a\":")).hasMessageContaining("not a JSON document");
    }

    @Test
    void treesTellIntegersFromDecimals() {
        assertThat(Json.read("[2]")).isNotEqualTo(Json.read("[2.0]"));
        assertThat(Json.read("{\"b\":[1,0.5],\"a\":null}")).isEqualTo(Json.read("{\"a\":null,\"b\":[1,0.5]}"));
    }

    @Test
    void plainValuesAreLongDoubleStringBooleanNullListAndMap() {
        assertThat(Json.plain(Json.read("[null,0,2,0.25,\"x\",true]"))).isEqualTo(Arrays.asList(null, 0L, 2L, 0.25, "x", true));
        assertThat(Json.plainObject("{\"a\":1,\"b\":[{\"c\":\"d\"},{}],\"e\":1.5}"))
                .isEqualTo(Map.of("a", 1L, "b", List.of(Map.of("c", "d"), Map.of()), "e", 1.5));
        assertThat(Json.plain(Json.read("{}").path("missing"))).isNull();
        assertThatThrownBy(() -> Json.plainObject("[1]")).hasMessageContaining("not a JSON object");
    }
}
