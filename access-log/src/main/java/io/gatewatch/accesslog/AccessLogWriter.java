package io.gatewatch.accesslog;

import io.gatewatch.api.Counter;
import io.gatewatch.spi.Lifecycle;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetEncoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The writer thread: drains the ring, formats each event as a JSON line and writes it to standard
 * output or appends it to a file, flushing whenever the ring runs empty. Gateway threads never
 * wake it (that would cost them a system call); it polls every few milliseconds when idle.
 */
final class AccessLogWriter implements Lifecycle {
    private static final Logger LOG = LoggerFactory.getLogger(AccessLogWriter.class);
    private static final long IDLE_PARK_NANOS = TimeUnit.MILLISECONDS.toNanos(5);

    private final EventRing ring;
    private final JsonLine format;
    private final Path file;
    private final OutputStream stdout;
    private final ThreadFactory threads;
    private final Counter written;
    private final Counter writeErrors;
    private final StringBuilder line = new StringBuilder(512);
    private final CharsetEncoder utf8 = StandardCharsets.UTF_8.newEncoder()
            .onMalformedInput(CodingErrorAction.REPLACE).onUnmappableCharacter(CodingErrorAction.REPLACE);
    private ByteBuffer bytes = ByteBuffer.allocate(2048);
    private volatile boolean running;
    private Thread thread;
    private OutputStream out;

    /** @param file the file to append to, or {@code null} for {@code stdout} */
    AccessLogWriter(EventRing ring, JsonLine format, Path file, OutputStream stdout, ThreadFactory threads,
                    Counter written, Counter writeErrors) {
        this.ring = ring;
        this.format = format;
        this.file = file;
        this.stdout = stdout;
        this.threads = threads;
        this.written = written;
        this.writeErrors = writeErrors;
    }

    @Override
    public String name() {
        return "access-log";
    }

    @Override
    public synchronized void start() throws IOException {
        if (thread != null) {
            return;
        }
        if (file != null) {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            out = new BufferedOutputStream(Files.newOutputStream(file, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND, StandardOpenOption.WRITE), 64 * 1024);
        } else {
            out = new BufferedOutputStream(stdout, 64 * 1024);
        }
        running = true;
        thread = threads.newThread(this::run);
        thread.start();
        LOG.atInfo().addKeyValue("output", file == null ? "stdout" : file.toString())
                .addKeyValue("queue_size", ring.capacity()).log("access log started");
    }

    @Override
    public synchronized void stop() {
        if (thread == null) {
            return;
        }
        running = false;
        LockSupport.unpark(thread);
        try {
            thread.join(TimeUnit.SECONDS.toMillis(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        thread = null;
        try {
            if (file != null) {
                out.close();
            } else {
                out.flush();
            }
        } catch (IOException e) {
            writeErrors.increment();
        }
    }

    private void run() {
        boolean failing = false;
        while (true) {
            boolean wasRunning = running;
            int n = drain();
            if (n == 0) {
                try {
                    out.flush();
                    failing = false;
                } catch (IOException e) {
                    failing = report(e, failing);
                }
                if (!wasRunning) {
                    return; // stop() asked and the ring is empty
                }
                LockSupport.parkNanos(IDLE_PARK_NANOS);
            }
        }
    }

    /** Writes what is in the ring now; returns how many events it took. */
    private int drain() {
        int n = 0;
        for (int i = ring.peek(); i >= 0; i = ring.peek()) {
            line.setLength(0);
            format.format(ring, i, line);
            ring.release(i);
            n++;
            try {
                write(line);
                written.increment();
            } catch (IOException e) {
                writeErrors.increment();
            }
        }
        return n;
    }

    private void write(CharSequence text) throws IOException {
        int needed = (int) (text.length() * 3L) + 16;
        if (bytes.capacity() < needed) {
            bytes = ByteBuffer.allocate(Math.max(needed, bytes.capacity() * 2));
        }
        bytes.clear();
        utf8.reset();
        utf8.encode(CharBuffer.wrap(text), bytes, true);
        utf8.flush(bytes);
        out.write(bytes.array(), 0, bytes.position());
    }

    private boolean report(IOException e, boolean alreadyFailing) {
        writeErrors.increment();
        if (!alreadyFailing) {
            LOG.atWarn().addKeyValue("output", file == null ? "stdout" : file.toString())
                    .addKeyValue("error", e.toString()).log("access log write failed; lines are dropped until it recovers");
        }
        return true;
    }
}
