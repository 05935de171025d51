package io.gatewatch.exporter.prometheus;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/** A real Prometheus server on loopback for one test class, stopped by its process handle. */
final class PrometheusServer implements AutoCloseable {
    private final Process process;
    private final Path log;
    private final URI base;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private PrometheusServer(Process process, Path log, int port) {
        this.process = process;
        this.log = log;
        this.base = URI.create("http://127.0.0.1:" + port);
    }

    /** Starts {@code prometheus} with this config in a fresh storage folder under {@code workDir}. */
    static PrometheusServer start(Path binary, Path workDir, String configYaml) throws Exception {
        Files.createDirectories(workDir);
        Path config = workDir.resolve("prometheus.yml");
        Files.writeString(config, configYaml);
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        Path log = workDir.resolve("prometheus.log");
        Process p = new ProcessBuilder(binary.toString(), "--config.file=" + config,
                "--storage.tsdb.path=" + Files.createTempDirectory(workDir, "tsdb"),
                "--web.listen-address=127.0.0.1:" + port, "--log.level=warn")
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        PrometheusServer server = new PrometheusServer(p, log, port);
        server.await("Prometheus ready", Duration.ofSeconds(15), () -> server.get("/-/ready").contains("Ready"));
        return server;
    }

    interface Check {
        boolean ok() throws Exception;
    }

    void await(String what, Duration timeout, Check check) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        Exception last = null;
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("prometheus exited: " + Files.readString(log));
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
                + "\nprometheus log:\n" + Files.readString(log));
    }

    String get(String pathAndQuery) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(base.resolve(pathAndQuery)).timeout(Duration.ofSeconds(5)).build();
        return http.send(request, HttpResponse.BodyHandlers.ofString()).body();
    }

    /** The scrape targets' state ({@code health}, {@code lastError}, {@code labels}). */
    List<Map<String, Object>> targets() throws IOException, InterruptedException {
        Map<String, Object> body = Json.object(Json.parse(get("/api/v1/targets")));
        return Json.array(Json.object(body.get("data")).get("activeTargets")).stream().map(Json::object).toList();
    }

    /** Runs an instant query; fails unless Prometheus answers {@code success}. */
    List<Map<String, Object>> query(String promql) throws IOException, InterruptedException {
        Map<String, Object> body = Json.object(Json.parse(
                get("/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8))));
        if (!"success".equals(body.get("status"))) {
            throw new AssertionError("query failed: " + promql + " -> " + body);
        }
        return Json.array(Json.object(body.get("data")).get("result")).stream().map(Json::object).toList();
    }

    /** The single value of a query that must return exactly one series. */
    double single(String promql) throws IOException, InterruptedException {
        List<Map<String, Object>> result = query(promql);
        if (result.size() != 1) {
            throw new AssertionError("expected one series for " + promql + ", got " + result);
        }
        return Exposition.parseValue((String) Json.array(result.get(0).get("value")).get(1));
    }

    void awaitTargets(Predicate<List<Map<String, Object>>> ready, Duration timeout) throws Exception {
        await("targets up", timeout, () -> ready.test(targets()));
    }

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
