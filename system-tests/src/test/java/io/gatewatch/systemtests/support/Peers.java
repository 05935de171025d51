package io.gatewatch.systemtests.support;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;

/**
 * Finds the real peers a scenario needs. A missing peer skips the scenario with a clear message on
 * a developer machine, and fails it when {@code CI} is set: CI must never pass by skipping.
 */
public final class Peers {
    private Peers() {
    }

    /** The repository's root directory (set by the build). */
    public static Path repoRoot() {
        return Path.of(System.getProperty("repo.root", "..")).toAbsolutePath().normalize();
    }

    /** An executable on the PATH, or the scenario is skipped / failed. */
    public static Path require(String binary, String installHint) {
        String path = System.getenv().getOrDefault("PATH", "");
        for (String dir : path.split(File.pathSeparator)) {
            Path candidate = Path.of(dir, binary);
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        missing(binary + " is not installed (" + installHint + ")");
        throw new IllegalStateException("unreachable");
    }

    /** The reference StatsD daemon's script, installed by .ci/install-peers. */
    public static Path statsdScript() {
        require("node", "apt-get install nodejs");
        Path script = repoRoot().resolve(".peers/statsd/node_modules/statsd/stats.js");
        if (!Files.isRegularFile(script)) {
            missing("the StatsD daemon is not installed at " + script + " (run bash .ci/install-peers)");
        }
        return script;
    }

    private static void missing(String message) {
        String ci = System.getenv("CI");
        if (ci != null && !ci.isBlank()) {
            fail("CI is set and a peer is missing: " + message);
        }
        Assumptions.abort("skipped: " + message);
    }
}
