package io.gatewatch.exporter.prometheus;

import io.gatewatch.testing.prometheus.PrometheusServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The Prometheus tools the ops assets are checked with ({@code promtool}, {@code prometheus}): found
 * on PATH like every peer (a missing one skips the test, or fails it when CI is set), and run.
 */
final class Peers {
    private Peers() {
    }

    static Path require(String binary) {
        return io.gatewatch.testing.Peers.require(binary, PrometheusServer.INSTALL);
    }

    record Result(int exit, String output) {
    }

    /** Runs a command to completion (at most 60 s), stdout and stderr together. */
    static Result run(List<String> command, Path workDir, String stdin) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true).start();
        try {
            if (stdin != null) {
                p.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
            }
            p.getOutputStream().close();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                throw new IllegalStateException(command + " did not finish");
            }
            return new Result(p.exitValue(), out);
        } finally {
            p.destroyForcibly();
        }
    }

    /** The module's ops/ folder with the shipped operations assets. */
    static Path opsDir() {
        return Path.of(System.getProperty("gatewatch.ops.dir", "ops")).toAbsolutePath();
    }
}
