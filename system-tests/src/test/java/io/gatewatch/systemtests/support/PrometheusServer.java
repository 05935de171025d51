package io.gatewatch.systemtests.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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

/** The Prometheus server (Debian package) scraping one target every second, on loopback. */
public final class PrometheusServer implements AutoCloseable {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private static final ObjectMapper JSON = new ObjectMapper();

    private final int port;
    private final PeerProcess process;

    private PrometheusServer(int port, PeerProcess process) {
        this.port = port;
        this.process = process;
    }

    public static PrometheusServer start(Path dir, int targetPort) throws Exception {
        Path binary = Peers.require("prometheus", "apt-get install prometheus");
        Files.createDirectories(dir.resolve("tsdb"));
        Path config = dir.resolve("prometheus.yml");
        Files.writeString(config, "global: { scrape_interval: 1s, scrape_timeout: 900ms, evaluation_interval: 1s }\n"
                + "scrape_configs:\n  - job_name: gw\n    static_configs: [ { targets: [\"127.0.0.1:" + targetPort + "\"] } ]\n");
        int port = Ports.free();
        PeerProcess p = PeerProcess.start("prometheus", dir, List.of(binary.toString(), "--config.file=" + config,
                "--storage.tsdb.path=" + dir.resolve("tsdb"), "--web.listen-address=127.0.0.1:" + port, "--log.level=warn"));
        PrometheusServer server = new PrometheusServer(port, p);
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (true) {
            try {
                if (server.get("/api/v1/targets").contains("\"health\":\"up\"")) {
                    return server;
                }
            } catch (java.io.IOException notYet) {
                // starting
            }
            if (!p.alive() || System.nanoTime() > deadline) {
                p.close();
                throw new AssertionError("prometheus did not scrape its target:\n" + p.log());
            }
            Thread.sleep(200);
        }
    }

    /** The value of an instant query that returns one sample (NaN when it returns none). */
    public double query(String expr) throws Exception {
        JsonNode result = JSON.readTree(get("/api/v1/query?query=" + URLEncoder.encode(expr, StandardCharsets.UTF_8)))
                .path("data").path("result");
        if (result.isEmpty()) {
            return Double.NaN;
        }
        if (result.size() > 1) {
            throw new AssertionError(expr + " returned " + result.size() + " samples");
        }
        return Double.parseDouble(result.get(0).path("value").get(1).asText());
    }

    /** The target's last scrape error, "" when the last scrape worked. */
    public String lastError() throws Exception {
        return JSON.readTree(get("/api/v1/targets")).path("data").path("activeTargets").get(0).path("lastError").asText();
    }

    private String get(String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(5))
                .build(), HttpResponse.BodyHandlers.ofString()).body();
    }

    @Override
    public void close() throws InterruptedException {
        process.close();
    }
}
