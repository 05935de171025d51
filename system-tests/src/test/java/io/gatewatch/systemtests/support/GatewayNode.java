package io.gatewatch.systemtests.support;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The sample gateway as an operator runs it: a JVM of its own started from the built jars (the
 * plugin jar beside the gateway jar), in a working directory of its own, on free loopback ports,
 * stopped with SIGTERM.
 */
public final class GatewayNode implements AutoCloseable {
    public static final Path TARGET = Path.of(System.getProperty("sample.target", "../plugins-sample/target"));
    public static final Path GATEWAY_JAR = TARGET.resolve("gatewatch-sample-gateway.jar");

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    public final Path dir;
    public final int port;
    public final int statusPort;
    private final Process process;
    private final Path log;

    private GatewayNode(Path dir, int port, int statusPort, Process process, Path log) {
        this.dir = dir;
        this.port = port;
        this.statusPort = statusPort;
        this.process = process;
        this.log = log;
    }

    /** What a scenario changes: settings as -D properties, an optional config file, JVM options. */
    public static final class Options {
        final Map<String, String> settings = new LinkedHashMap<>();
        final List<String> jvm = new ArrayList<>(List.of("-Xmx256m", "-XX:+UseG1GC"));
        Path configFile;
        int port = -1;
        int statusPort = -1;

        public Options set(String key, Object value) {
            settings.put(key, String.valueOf(value));
            return this;
        }

        public Options jvm(String option) {
            jvm.add(option);
            return this;
        }

        public Options configFile(Path file) {
            configFile = file;
            return this;
        }

        public Options ports(int front, int status) {
            port = front;
            statusPort = status;
            return this;
        }
    }

    public static Options options() {
        return new Options();
    }

    /** Starts a node and waits until its readiness probe answers 200. */
    public static GatewayNode start(Path dir, Options options) throws Exception {
        GatewayNode node = launch(dir, options, true);
        node.awaitReady(Duration.ofSeconds(40));
        return node;
    }

    /** Starts a node without waiting: for configurations that must fail start-up. */
    public static GatewayNode launch(Path dir, Options options, boolean setPorts) throws IOException {
        Files.createDirectories(dir);
        int port = options.port > 0 ? options.port : Ports.free();
        int statusPort = options.statusPort > 0 ? options.statusPort : Ports.free();
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(options.jvm);
        if (setPorts) {
            command.addAll(List.of("-Dsample-gateway.host=127.0.0.1", "-Dsample-gateway.port=" + port,
                    "-Dgatewatch.status.host=127.0.0.1", "-Dgatewatch.status.port=" + statusPort,
                    "-Dgatewatch.status.drain-delay=500ms",
                    "-Dgatewatch.exporters.json-file.path=" + dir.resolve("metrics.jsonl")));
        }
        options.settings.forEach((k, v) -> command.add("-D" + k + "=" + v));
        if (options.configFile != null) {
            command.add("-Dconfig.file=" + options.configFile.toAbsolutePath());
        }
        command.addAll(List.of("-jar", GATEWAY_JAR.toAbsolutePath().toString()));
        Path log = dir.resolve("gateway.log");
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        // only what the scenario sets: no API key or override from the machine's environment
        builder.environment().keySet().removeIf(k -> k.startsWith("DD_") || k.startsWith("GATEWATCH_") || k.equals("HOSTNAME"));
        Process process = builder.start();
        return new GatewayNode(dir, port, statusPort, process, log);
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

    public String url(String path) {
        return "http://127.0.0.1:" + port + path;
    }

    public HttpResponse<String> get(String path, String apiKey) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url(path))).timeout(Duration.ofSeconds(10));
        if (apiKey != null) {
            b.header("X-API-Key", apiKey);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    public HttpResponse<String> status(String path) throws IOException, InterruptedException {
        return status(path, null);
    }

    public HttpResponse<String> status(String path, String authorization) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + statusPort + path))
                .timeout(Duration.ofSeconds(5));
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** /metrics, parsed. */
    public PromText metrics() throws IOException, InterruptedException {
        return metrics(null);
    }

    public PromText metrics(String authorization) throws IOException, InterruptedException {
        HttpResponse<String> r = status("/metrics", authorization);
        if (r.statusCode() != 200) {
            throw new AssertionError("/metrics answered " + r.statusCode() + ": " + r.body());
        }
        return PromText.parse(r.body());
    }

    /**
     * Heap in use right after a full collection, in bytes: what the process really holds. Uses the
     * JDK's jcmd against this node's PID.
     */
    public long heapAfterGc() throws IOException, InterruptedException {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        run(jcmd.toString(), String.valueOf(process.pid()), "GC.run");
        String info = run(jcmd.toString(), String.valueOf(process.pid()), "GC.heap_info");
        // G1: "garbage-first heap   total 262144K, used 15360K"; Serial: one line per generation
        long used = 0;
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(?:heap|generation)\\s+total \\d+K, used (\\d+)K").matcher(info);
        while (m.find()) {
            used += Long.parseLong(m.group(1)) * 1024;
        }
        if (used == 0) {
            throw new AssertionError("could not read the heap from jcmd:\n" + info);
        }
        return used;
    }

    private static String run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new AssertionError(String.join(" ", command) + " failed:\n" + out);
        }
        return out;
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

    /** Waits for the process to end; its exit code. */
    public int awaitExit(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
            throw new AssertionError("gateway did not end within " + timeout + ":\n" + log());
        }
        return process.exitValue();
    }

    /** SIGTERM and wait; the exit code. */
    public int stop() throws InterruptedException {
        terminate();
        return awaitExit(Duration.ofSeconds(30));
    }

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
