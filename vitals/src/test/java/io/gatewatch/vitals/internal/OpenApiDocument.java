package io.gatewatch.vitals.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;

/**
 * The OpenAPI document this jar ships ({@code META-INF/gatewatch/vitals-openapi.yaml}), read as a
 * test reads it: a response's schema is looked up by path and status and checked with a JSON Schema
 * 2020-12 validator (OpenAPI 3.1's schema dialect), references resolved inside the document.
 */
final class OpenApiDocument {
    static final String RESOURCE = "META-INF/gatewatch/vitals-openapi.yaml";
    private final JsonNode document;
    private final SchemaRegistry registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);
    private static final ObjectMapper JSON = new ObjectMapper();

    OpenApiDocument(JsonNode document) {
        this.document = document;
    }

    static OpenApiDocument fromJar() throws IOException {
        try (InputStream in = OpenApiDocument.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is not on the classpath");
            }
            return new OpenApiDocument(new ObjectMapper(new YAMLFactory()).readTree(in));
        }
    }

    JsonNode tree() {
        return document;
    }

    /** What is wrong with {@code body} as the {@code status} answer of GET {@code path}; empty when it conforms. */
    List<Error> check(String path, int status, String body) throws IOException {
        JsonNode response = document.path("paths").path(path).path("get").path("responses").path(String.valueOf(status));
        if (response.isMissingNode()) {
            throw new AssertionError("the document has no " + status + " answer for GET " + path);
        }
        String ref = response.has("$ref") ? response.get("$ref").asText() : null;
        if (ref != null) {
            response = document.at(ref.substring(1));
        }
        JsonNode schema = response.path("content").path("application/json").path("schema");
        // the whole document as the schema's root, so "#/components/..." references resolve in it
        ObjectNode root = document.deepCopy();
        root.put("$schema", "https://json-schema.org/draft/2020-12/schema");
        root.set("$ref", schema.get("$ref"));
        Schema validator = registry.getSchema(SchemaLocation.of("https://gatewatch.io/vitals-openapi.json"), root);
        return validator.validate(JSON.readTree(body));
    }
}
