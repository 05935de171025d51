package io.gatewatch.benchmarks;

import java.io.OutputStream;

/** An output stream that keeps nothing and counts the bytes: a socket that is never the bottleneck. */
final class CountingSink extends OutputStream {
    long bytes;

    @Override
    public void write(int b) {
        bytes++;
    }

    @Override
    public void write(byte[] b, int off, int len) {
        bytes += len;
    }
}
