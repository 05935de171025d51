package io.gatewatch.exporter.statsd;

import com.timgroup.statsd.NonBlockingStatsDClient;
import com.timgroup.statsd.NonBlockingStatsDClientBuilder;
import com.timgroup.statsd.StatsDClientException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Unix-domain-socket delivery ({@code host = "unix:///var/run/datadog/dsd.socket"} or
 * {@code unixstream://...}) through java-dogstatsd-client, which brings the socket support
 * (with {@code com.github.jnr:jnr-unixsocket} on the classpath).
 *
 * <p>The client has no way to send bytes as they are, so each of our already formatted and
 * sanitised lines is handed to it as name, value and tags, and it writes the very same line
 * again and packs it. It runs with {@code blocking(true)} (a full queue waits instead of
 * dropping silently, and {@code close()} sends what is queued instead of discarding it),
 * client-side aggregation off (gatewatch already aggregates per interval), telemetry and origin
 * detection off (they would add lines and tags of their own), and one processor thread so lines
 * keep their order (a zero before a negative gauge).
 *
 * <p>Its sender reports failures asynchronously, one per lost datagram, to an error handler; they
 * surface here at the next {@link #checkRefused()}. How many lines such a datagram held is not
 * known, so over a Unix socket failures are counted per datagram and their lines are not
 * retried. Formatting through the client allocates strings per line.
 */
final class DogStatsdClientTransport implements DatagramTransport {
    private final String address;
    private final int maxPacketSize;
    private final int queueSize;
    private final ThreadFactory threads;
    private final AtomicInteger asyncErrors = new AtomicInteger();
    private final AtomicReference<Exception> lastAsyncError = new AtomicReference<>();
    private NonBlockingStatsDClient client;

    /** Failures the client's sender thread reported since the last check, one per datagram. */
    static final class AsyncSendErrors extends IOException {
        private static final long serialVersionUID = 1L;
        final int count;

        AsyncSendErrors(int count, Exception last) {
            super(count + " datagram(s) failed in the DogStatsD client: " + last.getMessage(), last);
            this.count = count;
        }
    }

    DogStatsdClientTransport(String address, int maxPacketSize, int queueSize, ThreadFactory threads) {
        this.address = address;
        this.maxPacketSize = maxPacketSize;
        this.queueSize = queueSize;
        this.threads = threads;
    }

    static boolean isUnixAddress(String host) {
        return host.startsWith("unix://") || host.startsWith("unixstream://");
    }

    @Override
    public void send(byte[] bytes, int length) throws IOException {
        NonBlockingStatsDClient c = open();
        int start = 0;
        for (int i = 0; i <= length; i++) {
            if (i == length || bytes[i] == '\n') {
                if (i > start) {
                    line(c, new String(bytes, start, i - start, StandardCharsets.UTF_8));
                }
                start = i + 1;
            }
        }
    }

    /** {@code name:value|type[|#tags]}, as our formatters write it. */
    private static void line(NonBlockingStatsDClient c, String line) {
        int colon = line.indexOf(':');
        int pipe = line.indexOf('|', colon);
        int tagsAt = line.indexOf("|#", pipe);
        String name = line.substring(0, colon);
        String value = line.substring(colon + 1, pipe);
        String type = line.substring(pipe + 1, tagsAt < 0 ? line.length() : tagsAt);
        String[] tags = tagsAt < 0 ? new String[0] : line.substring(tagsAt + 2).split(",");
        // the client writes tags last to first (4.4.x tagString); reversed here, they keep our order
        for (int i = 0, j = tags.length - 1; i < j; i++, j--) {
            String t = tags[i];
            tags[i] = tags[j];
            tags[j] = t;
        }
        boolean integer = value.indexOf('.') < 0;
        if (type.equals("c")) {
            if (integer) {
                c.count(name, Long.parseLong(value), tags);
            } else {
                c.count(name, Double.parseDouble(value), tags);
            }
        } else if (integer) {
            c.gauge(name, Long.parseLong(value), tags);
        } else {
            c.gauge(name, Double.parseDouble(value), tags);
        }
    }

    @Override
    public void checkRefused() throws IOException {
        int n = asyncErrors.getAndSet(0);
        if (n > 0) {
            throw new AsyncSendErrors(n, lastAsyncError.get());
        }
    }

    private NonBlockingStatsDClient open() throws IOException {
        if (client == null) {
            try {
                client = new NonBlockingStatsDClientBuilder()
                        .address(address)
                        .blocking(true)
                        .enableAggregation(false)
                        .enableTelemetry(false)
                        .originDetectionEnabled(false)
                        .processorWorkers(1)
                        .senderWorkers(1)
                        .maxPacketSizeBytes(maxPacketSize)
                        .queueSize(queueSize)
                        .threadFactory(threads)
                        .errorHandler(e -> {
                            lastAsyncError.set(e);
                            asyncErrors.incrementAndGet();
                        })
                        .build();
            } catch (StatsDClientException e) {
                throw new IOException("cannot open " + address + ": " + e.getMessage(), e);
            } catch (LinkageError e) {
                throw new IOException("Unix-domain-socket delivery needs com.github.jnr:jnr-unixsocket on the classpath", e);
            }
        }
        return client;
    }

    @Override
    public String describe() {
        return address;
    }

    /** Blocking mode: stop() waits until the queue is sent. */
    @Override
    public void close() {
        if (client != null) {
            client.stop();
            client = null;
        }
    }
}
