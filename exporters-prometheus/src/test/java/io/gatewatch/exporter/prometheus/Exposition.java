package io.gatewatch.exporter.prometheus;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * A strict parser of the Prometheus text format 0.0.4 for tests: it rejects what Prometheus'
 * own parser rejects (bad escapes, duplicate label names, a second TYPE for a name, samples
 * before their TYPE, a missing final newline) and returns every sample.
 */
final class Exposition {
    private static final Pattern METRIC = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
    private static final Pattern LABEL = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");

    record Sample(String name, Map<String, String> labels, double value) {
        String key() {
            return name + new TreeMap<>(labels);
        }
    }

    final List<Sample> samples = new ArrayList<>();
    final Map<String, String> types = new LinkedHashMap<>();
    final Map<String, String> helps = new HashMap<>();

    static Exposition parse(String text) {
        Exposition e = new Exposition();
        if (!text.isEmpty() && !text.endsWith("\n")) {
            throw new IllegalArgumentException("exposition does not end with a newline");
        }
        Set<String> familiesWithSamples = new HashSet<>();
        String[] lines = text.split("\n", -1);
        for (int n = 0; n < lines.length - 1; n++) {
            String line = lines[n];
            try {
                if (line.startsWith("# HELP ") || line.startsWith("# TYPE ")) {
                    String rest = line.substring(7);
                    int sp = rest.indexOf(' ');
                    String name = rest.substring(0, sp);
                    check(METRIC, name);
                    if (line.startsWith("# TYPE ")) {
                        if (e.types.put(name, rest.substring(sp + 1)) != null) {
                            throw new IllegalArgumentException("second TYPE for " + name);
                        }
                        if (familiesWithSamples.contains(name)) {
                            throw new IllegalArgumentException("TYPE after samples for " + name);
                        }
                    } else if (e.helps.put(name, rest.substring(sp + 1)) != null) {
                        throw new IllegalArgumentException("second HELP for " + name);
                    }
                } else if (!line.startsWith("#") && !line.isBlank()) {
                    Sample s = e.sample(line);
                    familiesWithSamples.add(familyOf(s.name, e.types));
                    e.samples.add(s);
                }
            } catch (RuntimeException ex) {
                throw new IllegalArgumentException("line " + (n + 1) + ": " + ex.getMessage() + ": " + line, ex);
            }
        }
        return e;
    }

    private static String familyOf(String sample, Map<String, String> types) {
        if (types.containsKey(sample)) {
            return sample;
        }
        for (String suffix : new String[] {"_bucket", "_sum", "_count"}) {
            if (sample.endsWith(suffix)) {
                String base = sample.substring(0, sample.length() - suffix.length());
                if ("histogram".equals(types.get(base))) {
                    return base;
                }
            }
        }
        throw new IllegalArgumentException("sample " + sample + " has no TYPE line before it");
    }

    private Sample sample(String line) {
        int i = 0;
        while (i < line.length() && line.charAt(i) != '{' && line.charAt(i) != ' ') {
            i++;
        }
        String name = line.substring(0, i);
        check(METRIC, name);
        Map<String, String> labels = new LinkedHashMap<>();
        if (line.charAt(i) == '{') {
            i++;
            while (line.charAt(i) != '}') {
                int eq = line.indexOf('=', i);
                String label = line.substring(i, eq);
                check(LABEL, label);
                if (line.charAt(eq + 1) != '"') {
                    throw new IllegalArgumentException("label value not quoted");
                }
                StringBuilder v = new StringBuilder();
                int j = eq + 2;
                for (;; j++) {
                    char c = line.charAt(j);
                    if (c == '"') {
                        break;
                    }
                    if (c == '\\') {
                        char x = line.charAt(++j);
                        switch (x) {
                            case '\\' -> v.append('\\');
                            case '"' -> v.append('"');
                            case 'n' -> v.append('\n');
                            default -> throw new IllegalArgumentException("bad escape \\" + x);
                        }
                    } else {
                        v.append(c);
                    }
                }
                if (labels.put(label, v.toString()) != null) {
                    throw new IllegalArgumentException("duplicate label " + label);
                }
                i = j + 1;
                if (line.charAt(i) == ',') {
                    i++;
                }
            }
            i++;
        }
        if (line.charAt(i) != ' ') {
            throw new IllegalArgumentException("expected a space before the value");
        }
        String[] rest = line.substring(i + 1).split(" ");
        if (rest.length > 2) {
            throw new IllegalArgumentException("trailing fields");
        }
        return new Sample(name, labels, parseValue(rest[0]));
    }

    static double parseValue(String s) {
        return switch (s) {
            case "+Inf" -> Double.POSITIVE_INFINITY;
            case "-Inf" -> Double.NEGATIVE_INFINITY;
            case "NaN" -> Double.NaN;
            default -> Double.parseDouble(s);
        };
    }

    private static void check(Pattern p, String s) {
        if (!p.matcher(s).matches()) {
            throw new IllegalArgumentException("invalid name '" + s + "'");
        }
    }

    /** Every sample by {@code name{sorted labels}}. */
    Map<String, Double> byKey() {
        Map<String, Double> m = new HashMap<>();
        for (Sample s : samples) {
            if (m.put(s.key(), s.value) != null) {
                throw new IllegalArgumentException("duplicate series " + s.key());
            }
        }
        return m;
    }

    /** The one sample with this name and these labels (a subset match). */
    double value(String name, String... labelPairs) {
        List<Sample> found = new ArrayList<>();
        outer:
        for (Sample s : samples) {
            if (!s.name.equals(name)) {
                continue;
            }
            for (int k = 0; k < labelPairs.length; k += 2) {
                if (!labelPairs[k + 1].equals(s.labels.get(labelPairs[k]))) {
                    continue outer;
                }
            }
            found.add(s);
        }
        if (found.size() != 1) {
            throw new AssertionError("expected one sample " + name + List.of(labelPairs) + ", found " + found);
        }
        return found.get(0).value;
    }
}
