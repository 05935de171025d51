package io.gatewatch.exporter.prometheus;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * Finds the real peers (the Prometheus server, promtool) on PATH. Absent on a developer machine,
 * the test is skipped with a message saying how to install them; absent in CI (CI is set), the
 * test fails: CI must never skip silently.
 */
final class Peers {
    static final String INSTALL = "install it with `bash .ci/install-peers` (Debian package 'prometheus')";

    private Peers() {
    }

    static Path require(String binary) {
        String path = System.getenv("PATH");
        if (path != null) {
            for (String dir : path.split(File.pathSeparator)) {
                Path candidate = Path.of(dir, binary);
                if (Files.isExecutable(candidate)) {
                    return candidate;
                }
            }
        }
        String message = "'" + binary + "' is not on PATH; " + INSTALL;
        if (System.getenv("CI") != null) {
            fail(message + " (CI is set, so this fails instead of skipping)");
        }
        Assumptions.abort(message);
        return null;
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
