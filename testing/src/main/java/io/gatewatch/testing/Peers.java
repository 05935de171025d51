package io.gatewatch.testing;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * Finds the real peers a test talks to (Prometheus, the StatsD daemon, a browser, a load balancer).
 * A missing peer skips the test with a message saying how to install it on a developer machine,
 * and fails it when the environment variable {@code CI} is set: CI must never pass by skipping.
 */
public final class Peers {
    private static final Path STATSD_SCRIPT = Path.of("statsd", "node_modules", "statsd", "stats.js");

    private Peers() {
    }

    /** An executable on the {@code PATH}, or the test is skipped (failed on CI). */
    public static Path require(String binary, String howToInstall) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path candidate = Path.of(dir, binary);
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        return missing("'" + binary + "' is not on PATH; " + howToInstall);
    }

    /**
     * The reference StatsD daemon's script, which {@code .ci/install-peers} puts under the
     * repository's {@code .peers}: the folder the build names in {@code gatewatch.peers.dir}, or
     * the first {@code .peers} above the working directory.
     */
    public static Path statsdScript() {
        String configured = System.getProperty("gatewatch.peers.dir");
        if (configured != null) {
            return existing(Path.of(configured).resolve(STATSD_SCRIPT).toAbsolutePath().normalize());
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve(".peers").resolve(STATSD_SCRIPT);
            if (Files.isRegularFile(candidate)) {
                return candidate;
            }
        }
        return missing("the StatsD daemon is not installed under .peers; run: bash .ci/install-peers");
    }

    private static Path existing(Path script) {
        return Files.isRegularFile(script) ? script
                : missing("the StatsD daemon is not installed at " + script + "; run: bash .ci/install-peers");
    }

    /** Skips the calling test with this message, or fails it when {@code CI} is set. */
    public static <T> T missing(String message) {
        if (System.getenv("CI") != null) {
            Assertions.fail(message + " (CI is set, so this fails instead of skipping)");
        }
        return Assumptions.abort("skipped: " + message);
    }
}
