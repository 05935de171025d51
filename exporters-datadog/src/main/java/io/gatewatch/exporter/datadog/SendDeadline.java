package io.gatewatch.exporter.datadog;

import jakarta.ws.rs.client.ClientRequestContext;
import jakarta.ws.rs.client.ClientResponseContext;
import jakarta.ws.rs.client.ClientResponseFilter;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.SocketTimeoutException;
import java.net.URL;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * A total deadline for one request: connect, request body and the whole answer. The JDK
 * connection only has per-read time-outs, so an intake that drips its answer a byte at a time
 * would hold a send for as long as it likes. Two cuts make the deadline hold:
 * <ul>
 *   <li>until the answer's body is read, a timer disconnects the request's connection when the
 *       deadline passes, which fails the blocked connect, write or header read at once;</li>
 *   <li>the body is read through {@link BoundedEntity}, which refuses to read on once the deadline
 *       passed: a blocked body read cannot be cut from outside (the JDK's stream lock is not fair,
 *       so a disconnect waits behind a reader that gets a byte every half second), so the reader
 *       stops itself at its next byte or read time-out.</li>
 * </ul>
 * Jersey opens every connection through {@link #open}, so the deadline knows the connection of the
 * request in flight. One request at a time, as the exporter sends.
 */
final class SendDeadline implements AutoCloseable {
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(task -> {
        Thread t = new Thread(task, "gatewatch-datadog-deadline");
        t.setDaemon(true);
        return t;
    });
    private volatile HttpURLConnection current;
    /** The request in flight's deadline; a late timer of an earlier request finds it replaced and does nothing. */
    private volatile Armed armed;

    /** Jersey's connection factory: opens the connection and remembers it as the one to cut. */
    HttpURLConnection open(URL url) throws IOException {
        HttpURLConnection connection = (HttpURLConnection) url.openConnection();
        // the API key travels in a header: never let the JDK carry it to wherever a Location points
        connection.setInstanceFollowRedirects(false);
        current = connection;
        // the deadline may have passed before the connection existed (a slow first request's set-up):
        // both fields are volatile, so either expire() sees this connection or this sees it expired
        Armed a = armed;
        if (a != null && a.passed()) {
            throw new SocketTimeoutException("the send deadline passed before the connection was opened");
        }
        return connection;
    }

    /** The response filter that bounds the reading of every answer's body; register it with the client. */
    ClientResponseFilter responseFilter() {
        return new BoundedEntity();
    }

    /** Starts the clock for the next request; call {@link Armed#close()} when it returned. */
    Armed arm(Duration limit) {
        Armed a = new Armed(System.nanoTime() + limit.toNanos());
        armed = a;
        a.cut = timer.schedule(() -> expire(a), limit.toMillis(), TimeUnit.MILLISECONDS);
        return a;
    }

    /** Whether the request armed last ran out of time (and was cut). */
    boolean expired() {
        Armed a = armed;
        return a != null && a.passed();
    }

    /**
     * Cuts a request still connecting, sending or waiting for headers. A body being read is left
     * to {@link BoundedEntity}: a disconnect would wait behind the reader (and behind the JDK's
     * clean-up of the connection after it), and hold up the timer for the next request.
     */
    private void expire(Armed a) {
        if (armed == a) {
            a.expired = true;
            if (!a.reading) {
                disconnect();
            }
        }
    }

    /** Called on the timer only: it may wait behind a body read in progress until {@link BoundedEntity} ends it. */
    private void disconnect() {
        HttpURLConnection c = current;
        if (c != null) {
            c.disconnect();
        }
    }

    /** Ends the request in flight as if its deadline passed, without waiting for it. */
    @Override
    public void close() {
        Armed a = armed;
        if (a != null) {
            a.expired = true;
        }
        try {
            if (a == null || !a.reading) {
                timer.execute(this::disconnect);
            }
        } catch (java.util.concurrent.RejectedExecutionException alreadyClosed) {
            // closed twice: nothing in flight any more
        }
        timer.shutdown();
    }

    /** One request's deadline. */
    final class Armed implements AutoCloseable {
        private final long deadlineNanos;
        private volatile ScheduledFuture<?> cut;
        private volatile boolean expired;
        /** The answer's body is being read: {@link BoundedEntity} ends the request from here on. */
        private volatile boolean reading;

        private Armed(long deadlineNanos) {
            this.deadlineNanos = deadlineNanos;
        }

        /** By the clock itself, so the body's reader never depends on the timer having run. */
        boolean passed() {
            return expired || System.nanoTime() - deadlineNanos >= 0;
        }

        @Override
        public void close() {
            ScheduledFuture<?> c = cut;
            if (c != null) {
                c.cancel(false);
            }
            current = null;
        }
    }

    /** Reads every answer's body through a stream that stops once the deadline of its request passed. */
    private final class BoundedEntity implements ClientResponseFilter {
        @Override
        public void filter(ClientRequestContext request, ClientResponseContext response) {
            Armed a = armed;
            if (a != null && response.hasEntity()) {
                a.reading = true;
                response.setEntityStream(new FilterInputStream(response.getEntityStream()) {
                    @Override
                    public int read() throws IOException {
                        check();
                        return super.read();
                    }

                    @Override
                    public int read(byte[] b, int off, int len) throws IOException {
                        check();
                        return super.read(b, off, len);
                    }

                    private void check() throws SocketTimeoutException {
                        if (a.passed()) {
                            throw new SocketTimeoutException("the send deadline passed while the answer was read");
                        }
                    }
                });
            }
        }
    }
}
