package io.gatewatch.probes.internal;

import io.gatewatch.spi.StatusResponse;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.util.concurrent.EventExecutor;
import java.net.URI;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a request into an answer. Handlers (the health view, {@code /status}, routes such as
 * {@code /metrics}) run on a small pool of worker threads, never on the event loop: a handler
 * that hangs costs one worker and its own request, which gets a 503 when its time is up, while
 * every other connection keeps being served.
 */
final class Dispatcher {
    private static final Logger LOG = LoggerFactory.getLogger(Dispatcher.class);
    /** A stuck handler times out on every probe; one warning per interval is enough to notice. */
    private static final long WARN_INTERVAL_NANOS = 10_000_000_000L;

    private final AtomicLong nextTimeoutWarning = new AtomicLong(System.nanoTime());

    private final Router router;
    private final ExecutorService workers;
    private final Redactor redactor;

    Dispatcher(Router router, ExecutorService workers, Redactor redactor) {
        this.router = router;
        this.workers = workers;
        this.redactor = redactor;
    }

    /** Calls {@code done} exactly once, on {@code loop}. */
    void dispatch(RequestHead head, EventExecutor loop, Consumer<EncodedResponse> done) {
        Router.Resolution resolution;
        try {
            QueryStringDecoder uri = decode(head.uri());
            resolution = router.resolve(head.method(), uri.path(), uri.parameters(), head.headers());
        } catch (IllegalArgumentException malformed) {
            resolution = new Router.Now(Responses.error(400, "malformed request target"));
        }
        if (resolution instanceof Router.Now now) {
            done.accept(EncodedResponse.of(now.response(), head.head(), null));
            return;
        }
        Router.Work work = (Router.Work) resolution;
        AtomicBoolean answered = new AtomicBoolean();
        String acceptEncoding = head.headers().get("accept-encoding");
        // written and read on the loop only: dispatch runs there, and so do the tasks it hands the loop
        ScheduledFuture<?>[] timer = new ScheduledFuture<?>[1];
        Future<?> task;
        try {
            task = workers.submit(() -> {
                EncodedResponse response = EncodedResponse.of(run(work), head.head(), acceptEncoding);
                if (answered.compareAndSet(false, true)) {
                    loop.execute(() -> {
                        timer[0].cancel(false);
                        done.accept(response);
                    });
                }
            });
        } catch (RejectedExecutionException busy) {
            done.accept(EncodedResponse.of(work.endpoint().onTimeout().get(), head.head(), null));
            return;
        }
        timer[0] = loop.schedule(() -> {
            if (answered.compareAndSet(false, true)) {
                task.cancel(true);
                warnTimeout(work.endpoint());
                done.accept(EncodedResponse.of(work.endpoint().onTimeout().get(), head.head(), null));
            }
        }, work.endpoint().timeout().toNanos(), TimeUnit.NANOSECONDS);
    }

    private void warnTimeout(Router.Endpoint endpoint) {
        long now = System.nanoTime();
        long next = nextTimeoutWarning.get();
        if (now - next >= 0 && nextTimeoutWarning.compareAndSet(next, now + WARN_INTERVAL_NANOS)) {
            LOG.atWarn().addKeyValue("path", endpoint.path()).addKeyValue("timeout", endpoint.timeout())
                    .log("status endpoint did not answer in time; answered 503");
        } else {
            LOG.atDebug().addKeyValue("path", endpoint.path()).addKeyValue("timeout", endpoint.timeout())
                    .log("status endpoint did not answer in time");
        }
    }

    private StatusResponse run(Router.Work work) {
        try {
            StatusResponse response = work.run();
            if (response == null) {
                LOG.atWarn().addKeyValue("path", work.endpoint().path()).log("status endpoint answered nothing");
                return Responses.error(500, "internal error");
            }
            return response;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Responses.error(503, "interrupted");
        } catch (Exception | LinkageError | StackOverflowError e) {
            // the client learns nothing about internals; the log gets the cause, secrets masked
            LOG.atWarn().addKeyValue("path", work.endpoint().path()).addKeyValue("error", redactor.mask(String.valueOf(e)))
                    .log("status endpoint failed");
            return Responses.error(500, "internal error");
        }
    }

    /** Accepts origin-form ({@code /health}) and absolute-form ({@code http://host/health}) targets. */
    static QueryStringDecoder decode(String target) {
        if (target.startsWith("/") || target.equals("*")) {
            return new QueryStringDecoder(target);
        }
        URI uri = URI.create(target);
        if (uri.getRawPath() == null || uri.getRawPath().isEmpty() || uri.getScheme() == null) {
            throw new IllegalArgumentException("unsupported request target");
        }
        String rawQuery = uri.getRawQuery();
        return new QueryStringDecoder(uri.getRawPath() + (rawQuery == null ? "" : "?" + rawQuery));
    }
}
