package io.gatewatch.testing.prometheus;

import com.fasterxml.jackson.databind.JsonNode;
import io.gatewatch.testing.Json;
import io.gatewatch.testing.Peers;
import io.gatewatch.testing.Ports;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real Prometheus server (the Debian package) on loopback with a test's scrape configuration,
 * its storage fresh in the test's folder, stopped by its process handle. Without the package the
 * test is skipped, or fails when {@code CI} is set (see {@link Peers}).
 */
public final class PrometheusServer implements AutoCloseable {
    public static final String INSTALL = "install it with `bash .ci/install-peers` (Debian package 'prometheus')";
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final Process process;
    private final Path log;
    private final URI base;

    /** A condition {@link #await} polls; an I/O error counts as not yet. */
    public interface Check {
        boolean ok() throws Exception;
    }

    private PrometheusServer(Process process, Path log, int port) {
        this.process = process;
        this.log = log;
        this.base = URI.create("http://127.0.0.1:" + port);
    }

    /** Starts {@code prometheus} with this configuration and any extra flags, and waits until it is ready. */
    public static PrometheusServer start(Path workDir, String configYaml, String... flags) throws Exception {
        Path binary = Peers.require("prometheus", INSTALL);
        Files.createDirectories(workDir);
        Path config = Files.writeString(workDir.resolve("prometheus.yml"), configYaml);
        int port = Ports.free();
        List<String> command = new ArrayList<>(List.of(binary.toString(), "--config.file=" + config,
                "--storage.tsdb.path=" + Files.createTempDirectory(workDir, "tsdb"),
                "--web.listen-address=127.0.0.1:" + port, "--log.level=warn"));
        command.addAll(List.of(flags));
        Path log = workDir.resolve("prometheus.log");
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        PrometheusServer server = new PrometheusServer(p, log, port);
        try {
            server.await("Prometheus ready", Duration.ofSeconds(30), () -> server.get("/-/ready").contains("Ready"));
        } catch (Exception | AssertionError e) {
            server.close();
            throw e;
        }
        return server;
    }

    /** Polls {@code check} every 200 ms until it holds; fails with Prometheus' log when it does not in time. */
    public void await(String what, Duration timeout, Check check) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        Exception last = null;
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new AssertionError("prometheus exited: " + log());
            }
            try {
                if (check.ok()) {
                    return;
                }
            } catch (IOException e) {
                last = e;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("timed out waiting for " + what + (last == null ? "" : ": " + last)
                + "\nprometheus log:\n" + log());
    }

    /** Waits until Prometheus has {@code count} targets and its last scrape of each worked. */
    public void awaitTargetsUp(int count, Duration timeout) throws Exception {
        await(count + " targets up", timeout, () -> {
            List<JsonNode> targets = targets();
            return targets.size() == count && targets.stream().allMatch(t -> "up".equals(t.path("health").asText()));
        });
    }

    /** The body of a GET on the HTTP API. */
    public String get(String pathAndQuery) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(base.resolve(pathAndQuery)).timeout(Duration.ofSeconds(5)).build();
        return HTTP.send(request, HttpResponse.BodyHandlers.ofString()).body();
    }

    /** The scrape targets' state ({@code health}, {@code lastError}, {@code labels}). */
    public List<JsonNode> targets() throws IOException, InterruptedException {
        return list(Json.read(get("/api/v1/targets")).path("data").path("activeTargets"));
    }

    /** Runs an instant query; fails unless Prometheus answers {@code success}. */
    public List<JsonNode> query(String promql) throws IOException, InterruptedException {
        JsonNode body = Json.read(get("/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8)));
        if (!"success".equals(body.path("status").asText())) {
            throw new AssertionError("query failed: " + promql + " -> " + body);
        }
        return list(body.path("data").path("result"));
    }

    /** The value of a query that must return exactly one series. */
    public double single(String promql) throws IOException, InterruptedException {
        List<JsonNode> result = query(promql);
        if (result.size() != 1) {
            throw new AssertionError("expected one series for " + promql + ", got " + result);
        }
        return value(result.get(0));
    }

    /** The sample value of one series of an instant query's result ({@code value: [time, "1.5"]}). */
    public static double value(JsonNode series) {
        String v = series.path("value").path(1).textValue();
        if (v == null) {
            throw new AssertionError("not a sample of an instant query: " + series);
        }
        return switch (v) {
            case "+Inf" -> Double.POSITIVE_INFINITY;
            case "-Inf" -> Double.NEGATIVE_INFINITY;
            default -> Double.parseDouble(v); // "NaN" included
        };
    }

    private static List<JsonNode> list(JsonNode array) {
        List<JsonNode> out = new ArrayList<>();
        array.forEach(out::add);
        return out;
    }

    public String log() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    /** SIGTERM, then SIGKILL when it has not ended within 10 s. */
    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
