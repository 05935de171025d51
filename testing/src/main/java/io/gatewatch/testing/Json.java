package io.gatewatch.testing;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * Reads JSON in tests with Jackson, strictly: a duplicate key, trailing content or an empty
 * document fails the read, so a malformed document fails the test that reads it instead of being
 * half understood. Integers stay integral nodes and decimals stay decimal ones, so comparing trees
 * tells {@code 2} from {@code 2.0}.
 */
public final class Json {
    /** The strict mapper; thread-safe. */
    public static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    // integers as Long, as a test that writes 12L expects; decimals stay Double
    private static final ObjectReader PLAIN = MAPPER.readerFor(Object.class).with(DeserializationFeature.USE_LONG_FOR_INTS);

    private Json() {
    }

    /** {@link ObjectMapper#readTree(String)} on the strict mapper; unchecked, for use in lambdas. */
    public static JsonNode read(String json) {
        try {
            JsonNode node = MAPPER.readTree(json);
            // Jackson reads an empty document as a missing node rather than failing
            if (node == null || node.isMissingNode()) {
                throw new IllegalArgumentException("not a JSON document: empty input");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("not a JSON document: " + e.getOriginalMessage() + " in " + shorten(json), e);
        }
    }

    /**
     * A node as plain Java values, for assertions written against them: objects become maps,
     * arrays lists, integers {@code Long}, decimals {@code Double} (so {@code 2} and {@code 2.0}
     * stay apart), JSON null and a missing node {@code null}.
     */
    public static Object plain(JsonNode node) {
        if (node == null || node.isMissingNode() || node.isNull()) {
            return null;
        }
        try {
            return PLAIN.readValue(node);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@link #read(String)} and {@link #plain(JsonNode)} of a document that must be an object. */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> plainObject(String json) {
        JsonNode node = read(json);
        if (!node.isObject()) {
            throw new IllegalArgumentException("not a JSON object: " + shorten(json));
        }
        return (Map<String, Object>) plain(node);
    }

    private static String shorten(String s) {
        return s.length() > 200 ? s.substring(0, 200) + "..." : s;
    }
}
