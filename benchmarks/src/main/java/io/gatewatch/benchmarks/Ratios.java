package io.gatewatch.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads JMH CSV results (one file per thread count) and prints gatewatch's time and allocation
 * as ratios of each alternative measured in the same run, next to the targets.
 *
 * <pre>java -cp benchmarks.jar io.gatewatch.benchmarks.Ratios results-t1.csv results-t2.csv</pre>
 */
public final class Ratios {
    private Ratios() {
    }

    private static final Map<String, String> UNITS = new LinkedHashMap<>();

    /** {@code benchmark -> [score, allocation]} per file. */
    private static Map<String, double[]> read(Path csv) throws IOException {
        Map<String, double[]> out = new LinkedHashMap<>();
        for (String line : Files.readAllLines(csv)) {
            if (line.startsWith("\"Benchmark\"")) {
                continue;
            }
            List<String> cols = split(line);
            String name = cols.get(0);
            String shortName = name.replace("io.gatewatch.benchmarks.", "");
            double score = Double.parseDouble(cols.get(4));
            if (shortName.endsWith(":gc.alloc.rate.norm")) {
                out.computeIfAbsent(shortName.substring(0, shortName.indexOf(':')), k -> new double[] {Double.NaN, Double.NaN})[1] = score;
            } else if (!shortName.contains(":")) {
                out.computeIfAbsent(shortName, k -> new double[] {Double.NaN, Double.NaN})[0] = score;
                UNITS.put(shortName, cols.get(6));
            }
        }
        return out;
    }

    private static List<String> split(String line) {
        List<String> cols = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean quoted = false;
        for (char ch : line.toCharArray()) {
            if (ch == '"') {
                quoted = !quoted;
            } else if (ch == ',' && !quoted) {
                cols.add(cur.toString());
                cur.setLength(0);
            } else {
                cur.append(ch);
            }
        }
        cols.add(cur.toString());
        return cols;
    }

    public static void main(String[] args) throws IOException {
        List<Map<String, double[]>> runs = new ArrayList<>();
        for (String a : args) {
            runs.add(read(Path.of(a)));
        }
        System.out.println();
        System.out.println("| benchmark | threads | time/op | B/op | gatewatch ÷ this: time | gatewatch ÷ this: B/op |");
        System.out.println("|---|---|---|---|---|---|");
        for (int r = 0; r < runs.size(); r++) {
            Map<String, double[]> run = runs.get(r);
            for (Map.Entry<String, double[]> e : run.entrySet()) {
                String bench = e.getKey();
                String group = bench.substring(0, bench.indexOf('.'));
                double[] gw = gatewatch(run, group);
                boolean self = bench.substring(bench.indexOf('.') + 1).startsWith("gatewatch");
                String time = gw == null || self ? "" : fmt(gw[0] / e.getValue()[0]) + "×";
                String alloc = gw == null || self ? "" : fmt(gw[1] / e.getValue()[1]) + "×";
                System.out.printf(Locale.ROOT, "| %s | %s | %s %s | %s | %s | %s |%n", bench,
                        args[r].replaceAll(".*-t(\\d+).*", "$1"), fmt(e.getValue()[0]), UNITS.get(bench),
                        fmt(e.getValue()[1]), time, alloc);
            }
        }
        if (runs.size() >= 2) {
            double[] one = runs.get(0).get("HotPathBenchmark.gatewatch");
            double[] two = runs.get(1).get("HotPathBenchmark.gatewatch");
            if (one != null && two != null) {
                System.out.printf(Locale.ROOT, "%ngatewatch hot path, time per request at 2 threads ÷ 1 thread: %s× (target ≤ 1.2×)%n",
                        fmt(two[0] / one[0]));
            }
        }
    }

    /** gatewatch's entry in a group: {@code gatewatch} itself, else the first method named gatewatch*. */
    private static double[] gatewatch(Map<String, double[]> run, String group) {
        double[] exact = run.get(group + ".gatewatch");
        if (exact != null) {
            return exact;
        }
        for (Map.Entry<String, double[]> e : run.entrySet()) {
            if (e.getKey().startsWith(group + ".gatewatch")) {
                return e.getValue();
            }
        }
        return null;
    }

    private static String fmt(double v) {
        if (Double.isNaN(v)) {
            return "–";
        }
        return v >= 100 ? String.format(Locale.ROOT, "%.0f", v) : String.format(Locale.ROOT, "%.3g", v);
    }
}
