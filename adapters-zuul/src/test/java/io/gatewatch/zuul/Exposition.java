package io.gatewatch.zuul;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.Map;

/** The samples of one /metrics scrape of gatewatch's status listener, summed by labels. */
final class Exposition {
    private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final String text;

    private Exposition(String text) {
        this.text = text;
    }

    static Exposition scrape(int statusPort) {
        try {
            HttpResponse<String> response = CLIENT.send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + statusPort + "/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("/metrics answered " + response.statusCode());
            }
            return new Exposition(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Sum of the samples named {@code name} whose labels include the given name/value pairs; 0 when none. */
    double sum(String name, String... labelPairs) {
        Map<String, String> wanted = new HashMap<>();
        for (int i = 0; i < labelPairs.length; i += 2) {
            wanted.put(labelPairs[i], labelPairs[i + 1]);
        }
        double total = 0;
        for (String line : text.split("\n")) {
            if (line.startsWith("#") || line.isBlank()) {
                continue;
            }
            int brace = line.indexOf('{');
            int close = line.lastIndexOf('}');
            String sample = brace < 0 ? line.substring(0, line.indexOf(' ')) : line.substring(0, brace);
            if (!sample.equals(name)) {
                continue;
            }
            Map<String, String> labels = brace < 0 ? Map.of() : labels(line.substring(brace + 1, close));
            if (labels.entrySet().containsAll(wanted.entrySet())) {
                String rest = (brace < 0 ? line.substring(sample.length()) : line.substring(close + 1)).trim();
                total += Double.parseDouble(rest.split(" ")[0]);
            }
        }
        return total;
    }

    private static Map<String, String> labels(String body) {
        Map<String, String> labels = new HashMap<>();
        int i = 0;
        while (i < body.length()) {
            int eq = body.indexOf('=', i);
            int j = eq + 2;   // past ="
            StringBuilder value = new StringBuilder();
            while (body.charAt(j) != '"') {
                if (body.charAt(j) == '\\') {
                    j++;
                }
                value.append(body.charAt(j++));
            }
            labels.put(body.substring(i, eq).trim(), value.toString());
            i = j + 2;   // past ",
        }
        return labels;
    }

    @Override
    public String toString() {
        return text;
    }
}
