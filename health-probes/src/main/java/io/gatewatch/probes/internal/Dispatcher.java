package io.gatewatch.probes.internal;

import io.gatewatch.spi.StatusResponse;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.util.concurrent.EventExecutor;
import java.net.InetAddress;
import java.net.URI;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a request into an answer, on three paths that never wait for each other:
 * <ul>
 *   <li>answers that need no data (404, 405, 401, OPTIONS) are given on the event loop;</li>
 *   <li>probes go to the {@link ProbeEvaluator}, a thread of their own, and are answered however
 *       busy the workers are;</li>
 *   <li>every other route ({@code /status}, {@code /metrics}, {@code /vitals}, ...) runs on a small
 *       pool of workers with a bounded queue. When the queue is full, or the client's address
 *       already holds its share of it, the answer is {@code 503 busy} with {@code Retry-After}
 *       at once. A handler that hangs costs one worker and its own request, which gets a 503 when
 *       its time is up.</li>
 * </ul>
 *
 * <p>{@link #dispatch} runs on the listener's one event loop; so do the bookkeeping of each
 * address' share and the callbacks, so none of that needs a lock.
 */
final class Dispatcher {
    private static final Logger LOG = LoggerFactory.getLogger(Dispatcher.class);
    /** A stuck handler times out on every probe; one warning per interval is enough to notice. */
    private static final long WARN_INTERVAL_NANOS = 10_000_000_000L;
    /** Seconds a busy client is asked to wait: a scraper or dashboard retries, a probe never gets here. */
    static final String RETRY_AFTER_SECONDS = "1";

    private final AtomicLong nextTimeoutWarning = new AtomicLong(System.nanoTime());

    private final Router router;
    private final ExecutorService workers;
    private final ProbeEvaluator probes;
    private final Redactor redactor;
    private final int perClient;
    /** Requests of each address queued or running on the workers; touched on the event loop only. */
    private final Map<InetAddress, Integer> inUse = new HashMap<>();

    /**
     * @param probes    evaluates probes; {@code null} for a listener that serves no probes
     * @param perClient requests one address may have queued or running on the workers at once
     */
    Dispatcher(Router router, ExecutorService workers, ProbeEvaluator probes, Redactor redactor, int perClient) {
        this.router = router;
        this.workers = workers;
        this.probes = probes;
        this.redactor = redactor;
        this.perClient = perClient;
    }

    /** Calls {@code done} exactly once, on {@code loop}. {@code client} may be {@code null} (unknown). */
    void dispatch(RequestHead head, InetAddress client, EventExecutor loop, Consumer<EncodedResponse> done) {
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
        if (work.probe() && probes != null) {
            probe(work, head, loop, done);
        } else {
            onWorker(work, head, client, loop, done);
        }
    }

    private void probe(Router.Work work, RequestHead head, EventExecutor loop, Consumer<EncodedResponse> done) {
        Router.Endpoint endpoint = work.endpoint();
        String acceptEncoding = head.headers().get("accept-encoding");
        ScheduledFuture<?>[] timer = new ScheduledFuture<?>[1];
        ProbeEvaluator.Waiter waiter = probes.evaluate(endpoint.probe(), loop, verdict -> {
            if (timer[0] != null) {
                timer[0].cancel(false);
            }
            done.accept(EncodedResponse.of(endpoint.probes().render(verdict, work.detailed()), head.head(), acceptEncoding));
        });
        timer[0] = loop.schedule(() -> {
            probes.cancel(endpoint.probe(), waiter);
            warnTimeout(endpoint);
            done.accept(EncodedResponse.of(endpoint.onTimeout().get(), head.head(), null));
        }, endpoint.timeout().toNanos(), TimeUnit.NANOSECONDS);
    }

    private void onWorker(Router.Work work, RequestHead head, InetAddress client, EventExecutor loop,
                          Consumer<EncodedResponse> done) {
        if (!take(client)) {
            done.accept(EncodedResponse.of(busy(), head.head(), null));
            return;
        }
        AtomicBoolean answered = new AtomicBoolean();
        AtomicReference<Thread> runner = new AtomicReference<>();
        String acceptEncoding = head.headers().get("accept-encoding");
        // written and read on the loop only: dispatch runs there, and so do the tasks it hands the loop
        ScheduledFuture<?>[] timer = new ScheduledFuture<?>[1];
        try {
            workers.execute(() -> {
                // a request whose time ran out while queued is not worth starting
                if (!answered.get()) {
                    runner.set(Thread.currentThread());
                    try {
                        EncodedResponse response = EncodedResponse.of(run(work), head.head(), acceptEncoding);
                        if (answered.compareAndSet(false, true)) {
                            try {
                                loop.execute(() -> {
                                    timer[0].cancel(false);
                                    done.accept(response);
                                });
                            } catch (RejectedExecutionException loopStopped) {
                                // the listener stopped while the handler ran: no connection to answer on
                            }
                        }
                    } finally {
                        runner.set(null);
                        Thread.interrupted(); // a late timeout's interrupt must not hit the worker's next task
                    }
                }
                try {
                    loop.execute(() -> release(client));
                } catch (RejectedExecutionException loopStopped) {
                    // the listener stopped: nobody counts places any more
                }
            });
        } catch (RejectedExecutionException full) {
            release(client);
            done.accept(EncodedResponse.of(busy(), head.head(), null));
            return;
        }
        timer[0] = loop.schedule(() -> {
            if (answered.compareAndSet(false, true)) {
                Thread running = runner.get();
                if (running != null) {
                    running.interrupt();
                }
                warnTimeout(work.endpoint());
                done.accept(EncodedResponse.of(work.endpoint().onTimeout().get(), head.head(), null));
            }
        }, work.endpoint().timeout().toNanos(), TimeUnit.NANOSECONDS);
    }

    /** Takes one of the address' slots, or says it has none left. */
    private boolean take(InetAddress client) {
        if (client == null) {
            return true;
        }
        int held = inUse.getOrDefault(client, 0);
        if (held >= perClient) {
            return false;
        }
        inUse.put(client, held + 1);
        return true;
    }

    private void release(InetAddress client) {
        if (client != null) {
            inUse.computeIfPresent(client, (a, held) -> held <= 1 ? null : held - 1);
        }
    }

    static StatusResponse busy() {
        StatusResponse error = Responses.error(503, "busy");
        return new StatusResponse(503, error.contentType(), error.body(), Map.of("retry-after", RETRY_AFTER_SECONDS),
                false);
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
