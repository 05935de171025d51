package io.gatewatch.servlet;

import java.util.HashMap;
import java.util.Map;

/** Sample values out of a Prometheus text exposition. */
final class PrometheusText {
    private final String text;

    PrometheusText(String text) {
        this.text = text;
    }

    /** Sum of the samples of {@code name} whose labels include all of {@code labels}; 0 when none. */
    double sum(String name, Map<String, String> labels) {
        double total = 0;
        for (String line : text.split("\n")) {
            if (line.startsWith("#") || !line.startsWith(name)) {
                continue;
            }
            int brace = line.indexOf('{');
            String sampleName = brace < 0 ? line.substring(0, line.indexOf(' ')) : line.substring(0, brace);
            if (!sampleName.equals(name)) {
                continue;
            }
            Map<String, String> found = brace < 0 ? Map.of() : labels(line.substring(brace + 1, line.lastIndexOf('}')));
            if (found.entrySet().containsAll(labels.entrySet())) {
                String rest = line.substring(brace < 0 ? sampleName.length() : line.lastIndexOf('}') + 1).trim();
                total += Double.parseDouble(rest.split(" ")[0]);
            }
        }
        return total;
    }

    // label values here are plain (no quotes or escapes inside): route ids, services, statuses
    private static Map<String, String> labels(String body) {
        Map<String, String> out = new HashMap<>();
        for (String pair : body.split("\",")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                out.put(pair.substring(0, eq).trim(), pair.substring(eq + 1).replace("\"", ""));
            }
        }
        return out;
    }

    @Override
    public String toString() {
        return text;
    }
}
