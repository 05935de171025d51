package io.gatewatch.exporter.datadog;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.SimpleFormatter;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Captures everything logged during a test class (SLF4J through slf4j-simple on System.err, and
 * java.util.logging, which Jersey uses) and fails the class if the API key appears in it.
 */
final class LogCapture implements BeforeAllCallback, AfterAllCallback {
    private static final ByteArrayOutputStream CAPTURED = new ByteArrayOutputStream();
    private static boolean installed;

    @Override
    public void beforeAll(ExtensionContext context) {
        install();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        assertThat(text()).as("everything logged while " + context.getDisplayName() + " ran")
                .doesNotContain(TestKeys.API_KEY);
    }

    static synchronized void install() {
        if (installed) {
            return;
        }
        installed = true;
        PrintStream original = System.err;
        System.setErr(new PrintStream(new OutputStream() {
            @Override
            public void write(int b) {
                original.write(b);
                synchronized (CAPTURED) {
                    CAPTURED.write(b);
                }
            }

            @Override
            public void write(byte[] b, int off, int len) {
                original.write(b, off, len);
                synchronized (CAPTURED) {
                    CAPTURED.write(b, off, len);
                }
            }
        }, true, StandardCharsets.UTF_8));
        java.util.logging.Logger root = java.util.logging.Logger.getLogger("");
        root.setLevel(java.util.logging.Level.ALL);
        root.addHandler(new Handler() {
            private final SimpleFormatter format = new SimpleFormatter();

            @Override
            public void publish(LogRecord record) {
                byte[] line = format.format(record).getBytes(StandardCharsets.UTF_8);
                synchronized (CAPTURED) {
                    CAPTURED.write(line, 0, line.length);
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        });
    }

    /** All text captured so far in this JVM. */
    static String text() {
        synchronized (CAPTURED) {
            return CAPTURED.toString(StandardCharsets.UTF_8);
        }
    }
}
