package io.gatewatch.gravitee;

import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Sample values read out of a Prometheus text exposition, summed over the series that carry given labels. */
final class Exposition {
    private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\\{(.*)})? (\\S+)");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");

    private final String text;

    Exposition(String text) {
        this.text = text;
    }

    /** The sum of {@code name}'s samples whose labels include every pair given ({@code "k", "v", ...}); 0 when none. */
    double sum(String name, String... labels) {
        double total = 0;
        for (String line : text.split("\n")) {
            Matcher sample = SAMPLE.matcher(line);
            if (line.startsWith("#") || !sample.find() || !sample.group(1).equals(name)) {
                continue;
            }
            Map<String, String> found = new HashMap<>();
            if (sample.group(2) != null) {
                Matcher label = LABEL.matcher(sample.group(2));
                while (label.find()) {
                    found.put(label.group(1), label.group(2));
                }
            }
            boolean matches = true;
            for (int i = 0; i < labels.length; i += 2) {
                matches &= labels[i + 1].equals(found.get(labels[i]));
            }
            if (matches) {
                total += Double.parseDouble(sample.group(3));
            }
        }
        return total;
    }

    /** The sample lines of {@code name}, for failure messages. */
    String lines(String name) {
        StringBuilder out = new StringBuilder();
        text.lines().filter(l -> l.startsWith(name + "{") || l.startsWith(name + " ")).forEach(l -> out.append(l).append('\n'));
        return out.toString();
    }

    @Override
    public String toString() {
        return text;
    }
}
