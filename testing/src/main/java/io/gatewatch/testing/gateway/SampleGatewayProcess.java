package io.gatewatch.testing.gateway;

import io.gatewatch.testing.Ports;
import java.io.File;
import java.io.IOException;
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
 * The sample gateway as an operator runs it: a JVM of its own started from the built jars
 * ({@code java -jar gatewatch-sample-gateway.jar}, the plugin jar beside it), in a working
 * directory of its own, on free loopback ports, stopped with SIGTERM. Its output goes to
 * {@code gateway.log} in that directory.
 */
public final class SampleGatewayProcess implements AutoCloseable {
    /** plugins-sample's build output: the build says where; the default works from that module and its siblings. */
    public static final Path TARGET = Path.of(System.getProperty("sample.target", "../plugins-sample/target"));
    public static final Path GATEWAY_JAR = TARGET.resolve("gatewatch-sample-gateway.jar");
    public static final Path PLUGIN_JAR = TARGET.resolve("gatewatch-plugins-sample.jar");
    private static final String MAIN_CLASS = "io.gatewatch.sample.gateway.SampleGateway";
    // as the system suite's figures were measured: a small heap, G1
    private static final List<String> JVM_OPTIONS = List.of("-Xmx256m", "-XX:+UseG1GC");
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    public final Path dir;
    public final int port;
    public final int statusPort;
    private final Process process;
    private final Path log;

    private SampleGatewayProcess(Path dir, int port, int statusPort, Process process, Path log) {
        this.dir = dir;
        this.port = port;
        this.statusPort = statusPort;
        this.process = process;
        this.log = log;
    }

    public static GatewayOptions options() {
        return new GatewayOptions();
    }

    /** Starts a gateway and waits until its readiness probe answers 200. */
    public static SampleGatewayProcess start(Path dir, GatewayOptions options) throws Exception {
        SampleGatewayProcess gateway = launch(dir, options);
        gateway.awaitReady(Duration.ofSeconds(40));
        return gateway;
    }

    /** Starts a gateway without waiting: for configurations that must fail start-up. */
    public static SampleGatewayProcess launch(Path dir, GatewayOptions options) throws IOException {
        Files.createDirectories(dir);
        int port = options.listenersInConfigFile ? -1 : Ports.free();
        int statusPort = options.listenersInConfigFile ? -1 : Ports.free();
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(JVM_OPTIONS);
        if (!options.listenersInConfigFile) {
            command.addAll(List.of("-Dsample-gateway.host=127.0.0.1", "-Dsample-gateway.port=" + port,
                    "-Dgatewatch.status.host=127.0.0.1", "-Dgatewatch.status.port=" + statusPort,
                    "-Dgatewatch.status.drain-delay=500ms"));
        }
        options.settings.forEach((k, v) -> command.add("-D" + k + "=" + v));
        if (options.configFile != null) {
            command.add("-Dconfig.file=" + options.configFile.toAbsolutePath());
        }
        command.addAll(options.onlyPlugins == null ? List.of("-jar", GATEWAY_JAR.toAbsolutePath().toString())
                : List.of("-cp", classpath(dir, options.onlyPlugins), MAIN_CLASS));
        Path log = dir.resolve("gateway.log");
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        // only what the test sets: no API key or override from the machine's environment
        builder.environment().keySet().removeIf(k -> k.startsWith("DD_") || k.startsWith("GATEWATCH_") || k.equals("HOSTNAME"));
        return new SampleGatewayProcess(dir, port, statusPort, builder.start(), log);
    }

    /**
     * Runs a command exactly as a document gives it ({@code java -D... -cp ... <main class> --traffic}),
     * from {@code workDir}, and waits until the gateway is ready. Only two things change, both so
     * the test can run beside others: this JVM's {@code java} stands in for {@code java}, and the
     * listeners move to free loopback ports (system properties added after {@code java}). The log
     * goes to {@code dir/gateway.log}.
     */
    public static SampleGatewayProcess startDocumented(Path dir, Path workDir, List<String> documented) throws Exception {
        if (documented.isEmpty() || !documented.get(0).equals("java")) {
            throw new IllegalArgumentException("not a java command: " + documented);
        }
        Files.createDirectories(dir);
        int port = Ports.free();
        int statusPort = Ports.free();
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(JVM_OPTIONS);
        command.addAll(List.of("-Dsample-gateway.host=127.0.0.1", "-Dsample-gateway.port=" + port,
                "-Dgatewatch.status.host=127.0.0.1", "-Dgatewatch.status.port=" + statusPort,
                "-Dgatewatch.status.drain-delay=500ms"));
        command.addAll(documented.subList(1, documented.size()));
        Path log = dir.resolve("gateway.log");
        ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().keySet().removeIf(k -> k.startsWith("DD_") || k.startsWith("GATEWATCH_") || k.equals("HOSTNAME"));
        SampleGatewayProcess gateway = new SampleGatewayProcess(dir, port, statusPort, builder.start(), log);
        try {
            gateway.awaitReady(Duration.ofSeconds(40));
        } catch (Exception | AssertionError e) {
            gateway.close();
            throw e;
        }
        return gateway;
    }

    /**
     * The gateway jar's manifest names the plugin jar beside it: a copy of the gateway jar alone,
     * in a folder of its own, leaves a plugin on the classpath only when the test puts it there.
     */
    private static String classpath(Path dir, List<Path> plugins) throws IOException {
        Path jars = Files.createDirectories(dir.resolve("jars"));
        Path gateway = Files.copy(GATEWAY_JAR, jars.resolve(GATEWAY_JAR.getFileName()), StandardCopyOption.REPLACE_EXISTING);
        StringBuilder classpath = new StringBuilder(gateway.toString());
        for (Path plugin : plugins) {
            classpath.append(File.pathSeparator).append(plugin.toAbsolutePath());
        }
        return classpath.toString();
    }

    public void awaitReady(Duration timeout) throws Exception {
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

    /** A URL on the gateway's own (front) port. */
    public String url(String path) {
        return "http://127.0.0.1:" + port + path;
    }

    /** A GET on the front port, with the sample gateway's {@code X-API-Key} when not null. */
    public HttpResponse<String> get(String path, String apiKey) throws IOException, InterruptedException {
        return HTTP.send(front(path, apiKey).build(), HttpResponse.BodyHandlers.ofString());
    }

    public HttpResponse<String> post(String path, String apiKey, String body) throws IOException, InterruptedException {
        return HTTP.send(front(path, apiKey).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpRequest.Builder front(String path, String apiKey) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url(path))).timeout(Duration.ofSeconds(10));
        if (apiKey != null) {
            b.header("X-API-Key", apiKey);
        }
        return b;
    }

    /** A GET on the status listener. */
    public HttpResponse<String> status(String path) throws IOException, InterruptedException {
        return status(path, null);
    }

    /** A GET on the status listener with this {@code Authorization} header (none when null). */
    public HttpResponse<String> status(String path, String authorization) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + statusPort + path))
                .timeout(Duration.ofSeconds(5));
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** /status once it mentions {@code needle} (components appear with their first record), or as it is after the timeout. */
    public String awaitStatus(String needle, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        String body = status("/status").body();
        while (!body.contains(needle) && System.nanoTime() < deadline) {
            Thread.sleep(100);
            body = status("/status").body();
        }
        return body;
    }

    /** The exposition on /metrics; fails unless it answers 200. */
    public String metrics() throws IOException, InterruptedException {
        HttpResponse<String> r = status("/metrics");
        if (r.statusCode() != 200) {
            throw new AssertionError("/metrics answered " + r.statusCode() + ": " + r.body());
        }
        return r.body();
    }

    /** The value of one exposition line ({@code name{labels}} exactly as exposed), or NaN when the series is absent. */
    public double metric(String seriesWithLabels) throws Exception {
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
    public double awaitMetric(String series, double expected, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        double v = metric(series);
        while (v != expected && System.nanoTime() < deadline) {
            Thread.sleep(50);
            v = metric(series);
        }
        return v;
    }

    public String log() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    public long pid() {
        return process.pid();
    }

    public boolean alive() {
        return process.isAlive();
    }

    /** SIGTERM, as a container runtime sends it; does not wait. */
    public void terminate() {
        process.destroy();
    }

    /** Waits for the process to end; its exit code. Kills it and fails when it did not end in time. */
    public int awaitExit(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
            throw new AssertionError("gateway did not end within " + timeout + ":\n" + log());
        }
        return process.exitValue();
    }

    /** SIGKILL, as an OOM killer or a lost machine ends a node: no shutdown runs. Waits until it is gone. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    /** SIGTERM and wait; the exit code (143 after an orderly shutdown). */
    public int stop() throws InterruptedException {
        terminate();
        return awaitExit(Duration.ofSeconds(30));
    }

    /** SIGTERM if still running, SIGKILL when it does not end within 20 s. */
    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        }
    }
}
