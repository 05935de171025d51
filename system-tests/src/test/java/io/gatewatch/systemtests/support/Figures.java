package io.gatewatch.systemtests.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;

/**
 * The measured figures of each scenario, printed and appended to target/system-test-figures.txt,
 * so TESTING.md can quote the latest run.
 */
public final class Figures {
    private static final Path FILE = Path.of("target", "system-test-figures.txt");

    private Figures() {
    }

    public static void record(String scenario, String format, Object... args) {
        String line = Instant.now() + " " + scenario + ": " + String.format(java.util.Locale.ROOT, format, args);
        System.out.println("FIGURES " + line);
        try {
            Files.createDirectories(FILE.getParent());
            Files.writeString(FILE, line + System.lineSeparator(), StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static double mib(long bytes) {
        return bytes / 1024.0 / 1024.0;
    }
}
