package io.gatewatch.sample;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The sample gateway as a user runs it: a separate JVM started from the built jars, in a working
 * directory of its own, on free loopback ports, stopped with SIGTERM.
 */
final class GatewayProcess implements AutoCloseable {
    static final Path TARGET = Path.of(System.getProperty("sample.target", "target"));
    static final Path GATEWAY_JAR = TARGET.resolve("gatewatch-sample-gateway.jar");
    static final Path PLUGIN_JAR = TARGET.resolve("gatewatch-plugins-sample.jar");

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    final Path dir;
    final int port;
    final int statusPort;
    private final Process process;
    private final Path log;

    private GatewayProcess(Path dir, int port, int statusPort, Process process, Path log) {
        this.dir = dir;
        this.port = port;
        this.statusPort = statusPort;
        this.process = process;
        this.log = log;
    }

    /**
     * @param withPlugin whether the sample plugin jar is on the classpath
     * @param settings   extra {@code -Dkey=value} settings
     */
    static GatewayProcess start(Path dir, boolean withPlugin, List<String> settings, String... args) throws Exception {
        return start(dir, withPlugin ? List.of(PLUGIN_JAR.toAbsolutePath()) : List.of(), settings, args);
    }

    /** Starts with these jars on the classpath after the gateway jar, and waits until ready. */
    static GatewayProcess start(Path dir, List<Path> plugins, List<String> settings, String... args) throws Exception {
        GatewayProcess gw = launch(dir, plugins, settings, args);
        gw.awaitReady(Duration.ofSeconds(30));
        return gw;
    }

    /** Starts without waiting: for configurations that must fail start-up. */
    static GatewayProcess launch(Path dir, List<Path> plugins, List<String> settings, String... args) throws Exception {
        // The gateway jar's manifest names the plugin jar beside it: copy the gateway jar alone to
        // a directory of its own, so a plugin is there only when the classpath says so.
        Files.createDirectories(dir);
        Path jars = Files.createDirectories(dir.resolve("jars"));
        Path gateway = Files.copy(GATEWAY_JAR, jars.resolve(GATEWAY_JAR.getFileName()), StandardCopyOption.REPLACE_EXISTING);
        StringBuilder classpath = new StringBuilder(gateway.toString());
        for (Path plugin : plugins) {
            classpath.append(java.io.File.pathSeparator).append(plugin);
        }
        int port = freePort();
        int statusPort = freePort();
        List<String> command = new ArrayList<>(List.of(javaBin(), "-Xmx256m", "-cp", classpath.toString(),
                "-Dsample-gateway.host=127.0.0.1", "-Dsample-gateway.port=" + port,
                "-Dgatewatch.status.host=127.0.0.1", "-Dgatewatch.status.port=" + statusPort,
                "-Dgatewatch.status.drain-delay=500ms"));
        for (String s : settings) {
            command.add("-D" + s);
        }
        command.add("io.gatewatch.sample.gateway.SampleGateway");
        command.addAll(List.of(args));
        Path log = dir.resolve("gateway.log");
        Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        return new GatewayProcess(dir, port, statusPort, process, log);
    }

    /** Waits for the process to end by itself; returns its exit code. */
    int awaitExit(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("gateway still running after " + timeout + ":\n" + log());
        }
        return process.exitValue();
    }

    private void awaitReady(Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new AssertionError("gateway exited with " + process.exitValue() + ":\n" + log());
            }
            try {
                if (status("/health/ready").statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // listener not up yet
            }
            Thread.sleep(100);
        }
        throw new AssertionError("gateway not ready within " + timeout + ":\n" + log());
    }

    HttpResponse<String> get(String path, String apiKey) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(10));
        if (apiKey != null) {
            b.header("X-API-Key", apiKey);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> post(String path, String apiKey, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(10)).POST(HttpRequest.BodyPublishers.ofString(body));
        if (apiKey != null) {
            b.header("X-API-Key", apiKey);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> status(String path) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + statusPort + path))
                .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** /status once it mentions {@code needle} (components appear with their first record). */
    String awaitStatus(String needle, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        String body = status("/status").body();
        while (!body.contains(needle) && System.nanoTime() < deadline) {
            Thread.sleep(100);
            body = status("/status").body();
        }
        return body;
    }

    String metrics() throws Exception {
        return status("/metrics").body();
    }

    /** The value of one exposition line, or NaN when the series is absent. */
    double metric(String seriesWithLabels) throws Exception {
        for (String line : metrics().split("\n")) {
            if (line.startsWith(seriesWithLabels + " ")) {
                return Double.parseDouble(line.substring(seriesWithLabels.length() + 1).trim());
            }
        }
        return Double.NaN;
    }

    /**
     * The series' value once it reached {@code expected}, or whatever it is after the timeout: the
     * gateway records a request after its response went out, so a client can be a moment ahead.
     */
    double awaitMetric(String series, double expected, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        double v = metric(series);
        while (v != expected && System.nanoTime() < deadline) {
            Thread.sleep(50);
            v = metric(series);
        }
        return v;
    }

    String log() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    /** SIGTERM, as a container runtime sends it; returns the exit code. */
    int stop() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
            throw new AssertionError("gateway did not stop within 30 s of SIGTERM:\n" + log());
        }
        return process.exitValue();
    }

    boolean alive() {
        return process.isAlive();
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static String javaBin() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
