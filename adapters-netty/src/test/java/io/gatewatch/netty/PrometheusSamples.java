package io.gatewatch.netty;

import java.util.HashMap;
import java.util.Map;

/** Sample values read from the text exposition on /metrics. */
final class PrometheusSamples {
    private final String text;

    PrometheusSamples(String text) {
        this.text = text;
    }

    /** The sum of the samples named {@code name} that carry every label given as name, value pairs. */
    double sum(String name, String... labels) {
        double total = 0;
        for (String line : text.split("\n")) {
            if (line.isEmpty() || line.charAt(0) == '#' || !line.startsWith(name)) {
                continue;
            }
            int brace = line.indexOf('{');
            int end = brace < 0 ? line.indexOf(' ') : brace;
            if (!line.substring(0, end).equals(name)) {
                continue;
            }
            Map<String, String> found = brace < 0 ? Map.of() : parseLabels(line.substring(brace + 1, line.lastIndexOf('}')));
            boolean all = true;
            for (int i = 0; i < labels.length; i += 2) {
                all &= labels[i + 1].equals(found.get(labels[i]));
            }
            if (all) {
                String value = line.substring(brace < 0 ? end : line.lastIndexOf('}') + 1).trim().split(" ")[0];
                total += Double.parseDouble(value);
            }
        }
        return total;
    }

    // label values here are plain (route ids, statuses): no escapes to undo
    private static Map<String, String> parseLabels(String body) {
        Map<String, String> labels = new HashMap<>();
        for (String pair : body.split("\",")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                labels.put(pair.substring(0, eq).trim(), pair.substring(eq + 1).replace("\"", ""));
            }
        }
        return labels;
    }

    @Override
    public String toString() {
        return text;
    }
}
