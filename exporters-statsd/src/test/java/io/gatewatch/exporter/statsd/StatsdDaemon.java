package io.gatewatch.exporter.statsd;

import static org.assertj.core.api.Assertions.fail;

import io.gatewatch.testing.Peers;
import io.gatewatch.testing.Ports;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The reference StatsD daemon (npm {@code statsd} 0.9.0, installed by {@code .ci/install-peers})
 * on loopback, with a test backend that appends every flush to a file, so what the daemon
 * received survives its restarts. Started and stopped by PID; SIGTERM makes it flush once more.
 */
final class StatsdDaemon implements AutoCloseable {
    private static final Duration FLUSH_INTERVAL = Duration.ofMillis(200);

    private final Path dir;
    private final Path node;
    private final Path script;
    private final Path config;
    private final Path flushes;
    private final int port;
    private final int adminPort;
    private Process process;

    private StatsdDaemon(Path dir, Path node, Path script, int port, int adminPort) throws IOException {
        this.dir = dir;
        this.node = node;
        this.script = script;
        this.port = port;
        this.adminPort = adminPort;
        this.flushes = dir.resolve("flushes.tsv");
        Path backend = dir.resolve("tsv-flush-backend.js");
        try (InputStream in = StatsdDaemon.class.getResourceAsStream("/statsd-peer/tsv-flush-backend.js")) {
            Files.copy(in, backend, StandardCopyOption.REPLACE_EXISTING);
        }
        this.config = dir.resolve("statsd-test.js");
        Files.writeString(config, """
                { address: "127.0.0.1", port: %d, mgmt_address: "127.0.0.1", mgmt_port: %d,
                  flushInterval: %d, deleteIdleStats: true, dumpMessages: true,
                  backends: ["%s"], tsvFile: { out: "%s" } }
                """.formatted(port, adminPort, FLUSH_INTERVAL.toMillis(), js(backend), js(flushes)));
    }

    /**
     * Starts the daemon in {@code dir}; skips the test when it is not installed, but fails it
     * when the environment variable {@code CI} is set.
     */
    static StatsdDaemon start(Path dir) throws Exception {
        Path node = Peers.require("node", "install the Debian package 'nodejs'");
        StatsdDaemon daemon = new StatsdDaemon(dir, node, Peers.statsdScript(), StatsdExporterTest.freeUdpPort(), Ports.free());
        daemon.start();
        return daemon;
    }

    /** (Re)starts the process on the same ports. */
    void start() throws Exception {
        process = new ProcessBuilder(node.toString(), script.toString(), config.toString())
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("statsd.log").toFile()))
                .start();
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (!admin("health").contains("up")) {
            if (!process.isAlive()) {
                fail("statsd exited with " + process.exitValue() + ": " + log());
            }
            if (System.nanoTime() > deadline) {
                fail("statsd did not answer on its admin port: " + log());
            }
            Thread.sleep(50);
        }
    }

    /** Stops the process by PID with SIGTERM (it flushes once more on the way out). */
    void stop() throws InterruptedException {
        if (process != null && process.isAlive()) {
            ProcessHandle.of(process.pid()).ifPresent(ProcessHandle::destroy);
            if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        }
    }

    int port() {
        return port;
    }

    /** Waits for two more flushes, so everything sent before this call has been flushed. */
    void awaitFlush() throws Exception {
        int before = flushCount();
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (flushCount() < before + 2) {
            if (System.nanoTime() > deadline) {
                fail("statsd did not flush: " + log());
            }
            Thread.sleep(50);
        }
    }

    /** Counters summed over every flush of every run of the daemon. */
    Map<String, Double> counters() throws IOException {
        Map<String, Double> sums = new HashMap<>();
        for (String line : lines()) {
            String[] f = line.split("\t");
            if (f[0].equals("c")) {
                sums.merge(f[1], Double.parseDouble(f[2]), Double::sum);
            }
        }
        return sums;
    }

    /** Gauges as of the last flush that had them. */
    Map<String, Double> gauges() throws IOException {
        Map<String, Double> last = new HashMap<>();
        for (String line : lines()) {
            String[] f = line.split("\t");
            if (f[0].equals("g")) {
                last.put(f[1], Double.parseDouble(f[2]));
            }
        }
        return last;
    }

    /** The sum of the counters whose key matches. */
    double sum(Predicate<String> key) throws IOException {
        return counters().entrySet().stream().filter(e -> key.test(e.getKey())).mapToDouble(Map.Entry::getValue).sum();
    }

    String log() {
        try {
            return Files.readString(dir.resolve("statsd.log"));
        } catch (IOException e) {
            return "(no log)";
        }
    }

    private int flushCount() throws IOException {
        return (int) lines().stream().filter(l -> l.startsWith("flush\t")).count();
    }

    private List<String> lines() throws IOException {
        return Files.exists(flushes) ? Files.readAllLines(flushes) : List.of();
    }

    private String admin(String command) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", adminPort), 500);
            s.setSoTimeout(1000);
            s.getOutputStream().write((command + "\n").getBytes(StandardCharsets.US_ASCII));
            byte[] buf = new byte[4096];
            int n = s.getInputStream().read(buf);
            return n < 0 ? "" : new String(buf, 0, n, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            return "";
        }
    }

    @Override
    public void close() {
        try {
            stop();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }

    private static String js(Path p) {
        return p.toAbsolutePath().toString().replace("\\", "\\\\").replace("\"", "\\\"");
    }
}
