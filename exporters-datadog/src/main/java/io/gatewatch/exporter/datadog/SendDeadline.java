package io.gatewatch.exporter.datadog;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.URL;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * A total deadline for one request: connect, request body and the whole answer. The JDK
 * connection only has per-read time-outs, so an intake that drips its answer a byte at a time
 * would hold a send for as long as it likes; here a timer disconnects the request's connection
 * when its deadline passes, which fails the blocked read on the exporter's thread (at once while
 * it waits for headers, at the next byte or read time-out while it reads a body).
 *
 * <p>Jersey opens every connection through {@link #open}, so the deadline knows the connection of
 * the request in flight. One request at a time, as the exporter sends.
 */
final class SendDeadline implements AutoCloseable {
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(task -> {
        Thread t = new Thread(task, "gatewatch-datadog-deadline");
        t.setDaemon(true);
        return t;
    });
    private volatile HttpURLConnection current;
    private volatile boolean expired;

    /** Jersey's connection factory: opens the connection and remembers it as the one to cut. */
    HttpURLConnection open(URL url) throws IOException {
        HttpURLConnection connection = (HttpURLConnection) url.openConnection();
        // the API key travels in a header: never let the JDK carry it to wherever a Location points
        connection.setInstanceFollowRedirects(false);
        current = connection;
        // the deadline may have passed before the connection existed (a slow first request's set-up):
        // both fields are volatile, so either expire() sees this connection or this sees expired
        if (expired) {
            throw new IOException("the send deadline passed before the connection was opened");
        }
        return connection;
    }

    /** Starts the clock for the next request; call {@link Armed#close()} when it returned. */
    Armed arm(Duration limit) {
        expired = false;
        ScheduledFuture<?> cut = timer.schedule(this::expire, limit.toMillis(), TimeUnit.MILLISECONDS);
        return new Armed(cut);
    }

    /** Whether the last armed request ran out of time (and was cut). */
    boolean expired() {
        return expired;
    }

    /** Cuts the request in flight, if any: for close() during a send. */
    void abort() {
        HttpURLConnection c = current;
        if (c != null) {
            c.disconnect();
        }
    }

    private void expire() {
        expired = true;
        abort();
    }

    @Override
    public void close() {
        timer.shutdownNow();
        abort();
    }

    /** One armed deadline. */
    final class Armed implements AutoCloseable {
        private final ScheduledFuture<?> cut;

        private Armed(ScheduledFuture<?> cut) {
            this.cut = cut;
        }

        @Override
        public void close() {
            cut.cancel(false);
            current = null;
        }
    }
}
