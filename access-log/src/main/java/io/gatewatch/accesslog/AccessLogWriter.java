package io.gatewatch.accesslog;

import io.gatewatch.api.Counter;
import io.gatewatch.spi.HealthReporter;
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
 * output or appends it to a file, flushing whenever the ring runs empty (and every
 * {@value #FLUSH_EVERY_LINES} lines under load). Gateway threads never wake it (that would cost
 * them a system call); it polls every few milliseconds when idle.
 *
 * <p>A line counts as written only once a flush carried it out of the buffer: when a write or a
 * flush fails (a full disk: {@code ENOSPC}), every line still in the buffer is counted as dropped
 * ({@code write_error}) and the buffer is discarded, and the {@code access-log} component of
 * {@code /status} reports the failure (degraded from the second failed second on) until a flush
 * succeeds again.
 */
final class AccessLogWriter implements Lifecycle {
    private static final Logger LOG = LoggerFactory.getLogger(AccessLogWriter.class);
    private static final long IDLE_PARK_NANOS = TimeUnit.MILLISECONDS.toNanos(5);
    static final int FLUSH_EVERY_LINES = 256;
    private static final int BUFFER_BYTES = 64 * 1024;
    /** While failing, /status hears of it at most this often: it is read by people, not per line. */
    private static final long REPORT_EVERY_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final EventRing ring;
    private final JsonLine format;
    private final Path file;
    private final OutputStream stdout;
    private final ThreadFactory threads;
    private final Counter written;
    private final Counter writeErrors;
    private final HealthReporter.Component health;
    private final StringBuilder line = new StringBuilder(512);
    private final CharsetEncoder utf8 = StandardCharsets.UTF_8.newEncoder()
            .onMalformedInput(CodingErrorAction.REPLACE).onUnmappableCharacter(CodingErrorAction.REPLACE);
    private ByteBuffer bytes = ByteBuffer.allocate(2048);
    private volatile boolean running;
    private Thread thread;
    private OutputStream raw;
    private OutputStream out;
    /** Lines in {@code out}'s buffer that no flush has carried out yet. */
    private int unflushed;
    private boolean failing;
    private long lastReportNanos;

    /** @param file the file to append to, or {@code null} for {@code stdout} */
    AccessLogWriter(EventRing ring, JsonLine format, Path file, OutputStream stdout, ThreadFactory threads,
                    Counter written, Counter writeErrors, HealthReporter.Component health) {
        this.ring = ring;
        this.format = format;
        this.file = file;
        this.stdout = stdout;
        this.threads = threads;
        this.written = written;
        this.writeErrors = writeErrors;
        this.health = health;
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
            raw = Files.newOutputStream(file, StandardOpenOption.CREATE, StandardOpenOption.APPEND,
                    StandardOpenOption.WRITE);
        } else {
            raw = stdout;
        }
        out = new BufferedOutputStream(raw, BUFFER_BYTES);
        health.ok("writing to " + output());
        running = true;
        thread = threads.newThread(this::run);
        thread.start();
        LOG.atInfo().addKeyValue("output", output())
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
        flush();
        if (file != null) {
            try {
                raw.close();
            } catch (IOException e) {
                // every line was flushed or counted as dropped already
            }
        }
    }

    private void run() {
        while (true) {
            boolean wasRunning = running;
            int n = drain();
            if (n == 0) {
                flush();
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
                unflushed++;
            } catch (IOException e) {
                unflushed++;   // this line is lost with the buffer
                failed(e);
                continue;
            }
            if (unflushed >= FLUSH_EVERY_LINES) {
                flush();
            }
        }
        return n;
    }

    /** Carries the buffer out; only then do its lines count as written. */
    private void flush() {
        if (out == null) {
            return;
        }
        try {
            out.flush();
        } catch (IOException e) {
            failed(e);
            return;
        }
        int carried = unflushed;
        written.add(carried);
        unflushed = 0;
        if (failing && carried > 0) {   // an empty flush proves nothing about the disk
            failing = false;
            health.ok("writing to " + output() + " again");
            LOG.atInfo().addKeyValue("output", output()).log("access log writes again");
        }
    }

    /** The buffer's lines are lost: counted as dropped, the buffer discarded (a full disk would refuse it again). */
    private void failed(IOException e) {
        writeErrors.add(unflushed);
        unflushed = 0;
        out = new BufferedOutputStream(raw, BUFFER_BYTES);
        long now = System.nanoTime();
        if (!failing || now - lastReportNanos >= REPORT_EVERY_NANOS) {
            lastReportNanos = now;
            health.error("writing to " + output() + " failed, lines are dropped: " + e.getMessage());
        }
        if (!failing) {
            failing = true;
            LOG.atWarn().addKeyValue("output", output()).addKeyValue("error", e.toString())
                    .log("access log write failed; lines are dropped until it recovers");
        }
    }

    private String output() {
        return file == null ? "stdout" : file.toString();
    }

    private void write(CharSequence text) throws IOException {
        int needed = (int) (text.length() * 3L) + 16;
        if (bytes.capacity() < needed) {
            bytes = ByteBuffer.allocate(Math.max(needed, bytes.capacity() * 2));
        }
        // almost every line is ASCII: copied as bytes, without a CharBuffer per line
        byte[] array = bytes.array();
        int n = text.length();
        for (int k = 0; k < n; k++) {
            char c = text.charAt(k);
            if (c >= 0x80) {
                encode(text);
                return;
            }
            array[k] = (byte) c;
        }
        out.write(array, 0, n);
    }

    private void encode(CharSequence text) throws IOException {
        bytes.clear();
        utf8.reset();
        utf8.encode(CharBuffer.wrap(text), bytes, true);
        utf8.flush(bytes);
        out.write(bytes.array(), 0, bytes.position());
    }

}
