package io.gatewatch.systemtests.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What the store recorded, as the sample json-file exporter wrote it: one delta per counter series
 * per interval, to a local file that never fails, including the final interval at shutdown.
 * Counters and histogram counts are summed per series; keys are {@code name|k:v,k:v} with the
 * StatsD/Datadog name ({@code gateway.requests}, {@code gateway.request.duration.count}).
 */
public final class JsonFileWitness {
    private static final ObjectMapper JSON = new ObjectMapper();

    private JsonFileWitness() {
    }

    public static Map<String, Double> counters(Path file, String namePrefix) throws IOException {
        Map<String, Double> out = new TreeMap<>();
        for (String line : Files.readAllLines(file)) {
            JsonNode n = JSON.readTree(line);
            String metric = n.path("metric").asText();
            if (!metric.startsWith(namePrefix)) {
                continue;
            }
            Set<String> tags = new TreeSet<>();
            n.path("labels").fields().forEachRemaining(e -> tags.add(e.getKey() + ":" + e.getValue().asText()));
            switch (n.path("type").asText()) {
                case "counter" -> out.merge(key(metric, tags), n.path("value").asDouble(), Double::sum);
                case "histogram" -> out.merge(key(metric + ".count", tags), n.path("count").asDouble(), Double::sum);
                default -> {
                }
            }
        }
        return out;
    }

    public static String key(String name, Set<String> tags) {
        return name + "|" + String.join(",", new TreeSet<>(tags));
    }

    public static String name(String key) {
        return key.substring(0, key.indexOf('|'));
    }

    public static Set<String> tags(String key) {
        String t = key.substring(key.indexOf('|') + 1);
        return t.isEmpty() ? Set.of() : new TreeSet<>(Set.of(t.split(",")));
    }
}
