package io.gatewatch.internal.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** SIGTERM to a real JVM runs the same orderly close as {@code close()}. */
class ShutdownHookTest {
    @TempDir
    Path dir;

    @Test
    void sigtermRunsTheOrderlyClose() throws Exception {
        Path reference = Files.createDirectories(dir.resolve("cp")).resolve("reference.conf");
        Files.writeString(reference, "gatewatch.test.enabled = false\n");
        String classpath = dir.resolve("cp") + java.io.File.pathSeparator + System.getProperty("java.class.path");
        Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", classpath, SigtermMain.class.getName())
                .redirectErrorStream(true).start();
        List<String> lines = new ArrayList<>();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null) {
                lines.add(line);
                if (line.equals("running")) {
                    process.toHandle().destroy();   // SIGTERM, leaving our end of the pipe open
                }
            }
            assertThat(process.waitFor(20, TimeUnit.SECONDS)).isTrue();
        } finally {
            process.destroyForcibly();
        }
        assertThat(lines).containsSubsequence("listener started", "running", "final export while DRAINING", "flushed",
                "exporter closed", "listener stopped");
        assertThat(lines).filteredOn(l -> !l.startsWith("SLF4J")).containsExactly("listener started", "running",
                "final export while DRAINING", "flushed", "exporter closed", "listener stopped");
    }
}
