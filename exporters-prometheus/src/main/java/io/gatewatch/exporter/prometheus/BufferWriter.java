package io.gatewatch.exporter.prometheus;

import java.io.Writer;

/**
 * A {@link Writer} that encodes into an {@link ExpositionBuffer}, so simpleclient's formats share
 * the reused buffer. Characters are gathered in chunks before encoding because simpleclient
 * writes escaped values one {@code char} at a time, which would split surrogate pairs.
 * Call {@link #flush()} before reading the buffer.
 */
final class BufferWriter extends Writer {
    private static final int CHUNK = 8192;

    private final ExpositionBuffer out;
    private final StringBuilder pending = new StringBuilder(CHUNK + 16);

    BufferWriter(ExpositionBuffer out) {
        this.out = out;
    }

    @Override
    public void write(char[] chars, int off, int len) {
        pending.append(chars, off, len);
        drainFullChunks();
    }

    @Override
    public void write(String s, int off, int len) {
        pending.append(s, off, off + len);
        drainFullChunks();
    }

    @Override
    public void write(int c) {
        pending.append((char) c);
        drainFullChunks();
    }

    @Override
    public void flush() {
        out.putUtf8(pending);
        pending.setLength(0);
    }

    @Override
    public void close() {
        flush();
    }

    private void drainFullChunks() {
        if (pending.length() < CHUNK) {
            return;
        }
        // keep a trailing high surrogate until its partner arrives
        int keep = Character.isHighSurrogate(pending.charAt(pending.length() - 1)) ? 1 : 0;
        out.putUtf8(pending.subSequence(0, pending.length() - keep));
        pending.delete(0, pending.length() - keep);
    }
}
