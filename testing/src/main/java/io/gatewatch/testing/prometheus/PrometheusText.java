package io.gatewatch.testing.prometheus;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/** Reads sample values out of a Prometheus text exposition. */
public final class PrometheusText {
    private final String text;

    public PrometheusText(String text) {
        this.text = text;
    }

    /** What {@code /metrics} on a status listener at 127.0.0.1 answers now; fails unless it is 200. */
    public static PrometheusText scrape(int statusPort) {
        try {
            HttpResponse<String> response = Scraper.CLIENT.send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + statusPort + "/metrics"))
                            .timeout(Duration.ofSeconds(30)).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("/metrics answered " + response.statusCode() + ": " + response.body());
            }
            return new PrometheusText(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** One client for every scrape, made on the first. */
    private static final class Scraper {
        static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    }

    /** Sum of the samples of {@code name} whose labels include all of {@code labels}; 0 when none. */
    public double sum(String name, Map<String, String> labels) {
        double total = 0;
        for (String line : text.split("\n")) {
            if (line.startsWith("#") || !line.startsWith(name)) {
                continue;
            }
            int brace = line.indexOf('{');
            int space = line.lastIndexOf(' ');
            String sampleName = brace < 0 ? line.substring(0, line.indexOf(' ')) : line.substring(0, brace);
            if (!sampleName.equals(name)) {
                continue;
            }
            Map<String, String> found = brace < 0 ? Map.of() : labels(line.substring(brace + 1, line.indexOf('}')));
            if (found.entrySet().containsAll(labels.entrySet())) {
                String rest = brace < 0 ? line.substring(sampleName.length()) : line.substring(line.indexOf('}') + 1);
                total += Double.parseDouble(rest.trim().split(" ")[0]);
            }
        }
        return total;
    }

    /** The same, with the labels given as pairs: {@code sum(name, "route", "users", "status", "200")}. */
    public double sum(String name, String... labelPairs) {
        Map<String, String> labels = new LinkedHashMap<>();
        for (int i = 0; i < labelPairs.length; i += 2) {
            labels.put(labelPairs[i], labelPairs[i + 1]);
        }
        return sum(name, labels);
    }

    /** The sample lines of {@code name}, for failure messages. */
    public String lines(String name) {
        StringBuilder out = new StringBuilder();
        text.lines().filter(l -> l.startsWith(name + "{") || l.startsWith(name + " ")).forEach(l -> out.append(l).append('\n'));
        return out.toString();
    }

    public boolean has(String name) {
        return text.lines().anyMatch(l -> l.startsWith(name + "{") || l.startsWith(name + " "));
    }

    private static Map<String, String> labels(String body) {
        Map<String, String> out = new LinkedHashMap<>();
        int i = 0;
        while (i < body.length()) {
            int eq = body.indexOf('=', i);
            String key = body.substring(i, eq).trim();
            int open = body.indexOf('"', eq);
            StringBuilder value = new StringBuilder();
            int j = open + 1;
            while (body.charAt(j) != '"') {
                if (body.charAt(j) == '\\') {
                    j++;
                }
                value.append(body.charAt(j));
                j++;
            }
            out.put(key, value.toString());
            i = body.indexOf(',', j);
            if (i < 0) {
                break;
            }
            i++;
        }
        return out;
    }

    @Override
    public String toString() {
        return text;
    }
}
