package io.gatewatch.systemtests.support;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/** The Prometheus text format (0.0.4) as served by /metrics, parsed into samples. */
public final class PromText {
    /** One sample line. */
    public record Sample(String name, Map<String, String> labels, double value) {
    }

    private final List<Sample> samples;
    private final String text;

    private PromText(List<Sample> samples, String text) {
        this.samples = samples;
        this.text = text;
    }

    public static PromText parse(String text) {
        List<Sample> out = new ArrayList<>();
        for (String line : text.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            int brace = line.indexOf('{');
            int space = line.lastIndexOf(' ');
            String name;
            Map<String, String> labels = new LinkedHashMap<>();
            if (brace >= 0 && brace < space) {
                name = line.substring(0, brace);
                int end = line.lastIndexOf('}');
                parseLabels(line.substring(brace + 1, end), labels);
                space = line.indexOf(' ', end);
            } else {
                name = line.substring(0, line.indexOf(' '));
                space = line.indexOf(' ');
            }
            String rest = line.substring(space + 1).trim();
            int ts = rest.indexOf(' ');
            out.add(new Sample(name, labels, Double.parseDouble(ts < 0 ? rest : rest.substring(0, ts))));
        }
        return new PromText(out, text);
    }

    private static void parseLabels(String s, Map<String, String> into) {
        int i = 0;
        while (i < s.length()) {
            int eq = s.indexOf('=', i);
            String key = s.substring(i, eq).trim();
            StringBuilder value = new StringBuilder();
            int j = eq + 2; // skip ="
            while (s.charAt(j) != '"') {
                char c = s.charAt(j);
                if (c == '\\') {
                    char n = s.charAt(++j);
                    value.append(n == 'n' ? '\n' : n);
                } else {
                    value.append(c);
                }
                j++;
            }
            into.put(key, value.toString());
            i = j + 1;
            if (i < s.length() && s.charAt(i) == ',') {
                i++;
            }
        }
    }

    public List<Sample> samples(String name) {
        return samples.stream().filter(s -> s.name().equals(name)).toList();
    }

    public double sum(String name) {
        return sum(name, l -> true);
    }

    public double sum(String name, Predicate<Map<String, String>> labels) {
        return samples(name).stream().filter(s -> labels.test(s.labels())).mapToDouble(Sample::value).sum();
    }

    /** The value of the one sample with these labels (among others), NaN when absent. */
    public double value(String name, String... labelPairs) {
        for (Sample s : samples(name)) {
            boolean match = true;
            for (int i = 0; i < labelPairs.length; i += 2) {
                match &= labelPairs[i + 1].equals(s.labels().get(labelPairs[i]));
            }
            if (match) {
                return s.value();
            }
        }
        return Double.NaN;
    }

    public String text() {
        return text;
    }
}
