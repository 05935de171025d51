package io.gatewatch.testing.datadog;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Set;

/** The checks of Datadog's v2 series schema that matter for what gatewatch sends. */
final class SeriesPayloadRules {
    private static final Set<Integer> TYPES = Set.of(0, 1, 2, 3);

    private SeriesPayloadRules() {
    }

    /** Adds each valid series to {@code out}; the first problem found, or null when there is none. */
    static String check(JsonNode root, List<JsonNode> out) {
        JsonNode series = root.get("series");
        if (series == null || !series.isArray() || series.isEmpty()) {
            return "payload must have a non-empty series array";
        }
        for (JsonNode s : series) {
            String problem = checkOne(s);
            if (problem != null) {
                return problem;
            }
            out.add(s);
        }
        return null;
    }

    private static String checkOne(JsonNode s) {
        if (!s.path("metric").isTextual() || s.path("metric").asText().isEmpty()) {
            return "series without metric name: " + s;
        }
        if (!s.path("type").isInt() || !TYPES.contains(s.path("type").asInt())) {
            return "type must be 0..3: " + s;
        }
        JsonNode points = s.path("points");
        if (!points.isArray() || points.isEmpty()) {
            return "series without points: " + s;
        }
        for (JsonNode p : points) {
            if (!p.path("timestamp").canConvertToLong() || !p.path("value").isNumber()) {
                return "point needs integer timestamp and numeric value: " + p;
            }
        }
        if (s.has("tags") && !s.get("tags").isArray()) {
            return "tags must be an array";
        }
        if (s.path("type").asInt() == 1 && !s.path("interval").canConvertToLong()) {
            return "count without interval: " + s;
        }
        for (JsonNode r : s.path("resources")) {
            if (!r.path("name").isTextual() || !r.path("type").isTextual()) {
                return "resource needs name and type: " + r;
            }
        }
        return null;
    }
}
