package io.gatewatch.exporter.datadog;

import com.datadog.api.client.v2.model.MetricSeries;
import io.gatewatch.api.Meters;
import io.gatewatch.snapshot.Snapshot;
import io.gatewatch.spi.PushExporter;
import io.gatewatch.spi.support.DeltaTracker;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.DoubleSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pushes every interval to Datadog without losing counts. Each call of {@link #export} turns the
 * snapshot into the interval's delta, moves it into a bounded queue of pending intervals (each
 * keeps its own timestamp) and commits it; the queue is then sent oldest first, and a series
 * leaves it only when the intake accepted it. A failure leaves the queue intact for the next
 * call: counts arrive late but with their original timestamps, so rates are not distorted.
 *
 * <p>Retries are the exporter's own: exponential backoff with jitter, {@code Retry-After}
 * honoured, one request at a time, and never more sleeping inside one call than one interval's
 * worth (the next call picks up where the backoff left off). A {@code 400} drops the payload at
 * once; a {@code 403} parks the exporter at the maximum backoff with one warning per five minutes.
 * {@code export} throws when it leaves an interval undelivered or dropped data, so core counts
 * the error and reports the exporter's health.
 *
 * <p>Threads: {@code export} and {@code flush} run on core's exporter thread, one at a time;
 * {@link #status()} may be read from any thread.
 */
final class DatadogExporter implements PushExporter {
    private static final Logger LOG = LoggerFactory.getLogger(DatadogExporter.class);
    /** Datadog drops points older than an hour; give up a little before, while a send can still land. */
    static final Duration STALE_AFTER = DatadogSettings.MAX_BUFFERED_AGE.minusMinutes(5);
    static final Duration AUTH_WARNING_EVERY = Duration.ofMinutes(5);
    static final Duration DROP_WARNING_EVERY = Duration.ofMinutes(1);

    /** What {@code /status} shows; published after every change, read from any thread. */
    record Status(boolean keyRejected, int consecutiveFailures, String lastError, int pendingIntervals,
                  long droppedIntervals, long droppedSeries, long lastSuccessMillis) {
    }

    private final DatadogSettings settings;
    private final SeriesSender sender;
    private final Clock clock;
    private final Sleeper sleeper;
    private final BooleanSupplier shuttingDown;
    private final DeltaTracker deltas = new DeltaTracker();
    private final PendingIntervals pending;
    private final PayloadBuilder payloads;
    private final SeriesMapper mapper;
    private final Backoff backoff;
    private final ExporterMetrics metrics;

    private int consecutiveFailures;
    private boolean failedWhileShuttingDown;
    /** Payloads refused (4xx) since the last accepted one; only the first of a run is logged. */
    private long rejectedInRun;
    private long nextAttemptMillis;
    private boolean keyRejected;
    private String lastError;
    private long lastSuccessMillis = -1;
    private long lastAuthWarningMillis = Long.MIN_VALUE / 2;
    private long lastDropWarningMillis = Long.MIN_VALUE / 2;
    private long droppedIntervals;
    private long droppedSeries;
    private volatile Status status = new Status(false, 0, null, 0, 0, 0, -1);
    private volatile boolean closed;

    /**
     * @param prefix       the metric prefix ({@code gateway}) for prefixed families
     * @param random       uniform in [0, 1) for backoff jitter
     * @param shuttingDown true once shutdown began: then no call sleeps for a retry
     */
    DatadogExporter(DatadogSettings settings, SeriesSender sender, Clock clock, Sleeper sleeper, DoubleSupplier random,
                    BooleanSupplier shuttingDown, Meters selfMetrics, String prefix, PayloadBuilder payloads) {
        this.settings = settings;
        this.sender = sender;
        this.clock = clock;
        this.sleeper = sleeper;
        this.shuttingDown = shuttingDown;
        this.pending = new PendingIntervals(settings.maxBufferedIntervals());
        this.payloads = payloads;
        this.mapper = new SeriesMapper(prefix, settings.tags(), settings.host().orElse(null));
        this.backoff = new Backoff(random);
        this.metrics = new ExporterMetrics(selfMetrics, pending::size);
    }

    @Override
    public String name() {
        return "datadog";
    }

    /** Gets the client and the payload sizing ready at start-up (see {@link SeriesSender#prepare()}). */
    void prepare() {
        payloads.prepare();
        sender.prepare();
    }

    @Override
    public Duration interval() {
        return settings.interval();
    }

    @Override
    public void export(Snapshot snapshot) throws Exception {
        if (closed) {
            return;
        }
        DeltaTracker.Delta delta = deltas.delta(snapshot);
        long seconds = delta.fromMillis() < 0 ? settings.interval().toSeconds()
                : Math.max(1, Math.round((snapshot.timestampMillis() - delta.fromMillis()) / 1000.0));
        enqueue(delta.interval().timestampMillis(), mapper.map(delta.interval(), seconds));
        deltas.commit(delta);
        long deadline = clock.millis() + settings.interval().toMillis();
        Attempts run = deliver(deadline, !shuttingDown.getAsBoolean(), false);
        publish();
        if (run.droppedSeries > 0 || (!pending.isEmpty() && (consecutiveFailures > 0 || keyRejected))) {
            throw new DatadogExportException(describeFailure(run));
        }
    }

    /** One last pass at shutdown: every payload gets one attempt, backoff ignored; what is left is dropped and counted. */
    @Override
    public void flush() throws Exception {
        if (closed || pending.isEmpty()) {
            return;
        }
        // one attempt at shutdown: if the final export already tried and failed, trying again
        // would only make the gateway wait another send deadline for the same answer
        if (!keyRejected && !failedWhileShuttingDown) {
            deliver(clock.millis() + settings.interval().toMillis(), false, true);
        }
        if (!pending.isEmpty()) {
            long series = pending.seriesCount();
            List<PendingIntervals.Interval> lost = pending.removeAll();
            countDropped(lost, metrics.droppedShutdown, metrics.droppedSeriesShutdown);
            publish();
            String why = keyRejected ? "the API key " + settings.apiKey().masked() + " was rejected"
                    : lastError != null ? lastError : "no time left to send it all";
            LOG.atWarn().addKeyValue("intervals", lost.size()).addKeyValue("series", series).addKeyValue("reason", why)
                    .log("Datadog exporter shutting down with undelivered intervals; dropped them");
            throw new DatadogExportException(lost.size() + " intervals (" + series
                    + " series) could not be delivered before shutdown: " + why);
        }
        publish();
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            sender.close();
        }
    }

    Status status() {
        return status;
    }

    DatadogSettings settings() {
        return settings;
    }

    private void enqueue(long timestampMillis, List<MetricSeries> series) {
        List<PendingIntervals.Entry> entries = new ArrayList<>(series.size());
        for (MetricSeries s : series) {
            entries.add(new PendingIntervals.Entry(s, payloads.jsonBytes(s)));
        }
        List<PendingIntervals.Interval> evicted = pending.add(timestampMillis, entries);
        if (!evicted.isEmpty()) {
            countDropped(evicted, metrics.droppedOverflow, metrics.droppedSeriesOverflow);
            if (mayWarnDrop()) {
                LOG.atWarn().addKeyValue("max_buffered_intervals", settings.maxBufferedIntervals())
                        .addKeyValue("series", evicted.get(0).size())
                        .addKeyValue("interval", Instant.ofEpochMilli(evicted.get(0).timestampMillis))
                        .addKeyValue("intervals_dropped", droppedIntervals)
                        .log("Datadog buffer full: dropped the oldest interval");
            }
        }
    }

    /** What one pass of sending did. */
    private static final class Attempts {
        long droppedSeries;
        String dropReason;
    }

    /**
     * Sends pending payloads, oldest first, until the queue is empty, the deadline passed, or the
     * backoff asks for a wait that does not fit (or is not allowed).
     */
    private Attempts deliver(long deadline, boolean mayWait, boolean ignoreBackoff) throws InterruptedException {
        Attempts run = new Attempts();
        while (!pending.isEmpty()) {
            dropStale();
            long now = clock.millis();
            if (!ignoreBackoff && now < nextAttemptMillis) {
                long wait = nextAttemptMillis - now;
                if (!mayWait || keyRejected || now + wait > deadline) {
                    break;
                }
                sleeper.sleep(Duration.ofMillis(wait));
            }
            PayloadBuilder.Batch batch = payloads.next(pending);
            if (batch == null) {
                break;
            }
            if (batch.tooLarge()) {
                pending.removeFirst(batch.count());
                metrics.droppedPayloadsTooLarge.increment();
                metrics.droppedSeriesTooLarge.add(batch.count());
                droppedSeries += batch.count();
                run.droppedSeries += batch.count();
                run.dropReason = "a series of " + batch.inflatedBytes() + " bytes exceeds the intake's size limit";
                LOG.atWarn().addKeyValue("metric", batch.series().get(0).getMetric()).addKeyValue("reason", run.dropReason)
                        .log("Datadog exporter dropped a series");
                continue;
            }
            SendOutcome outcome = sender.send(batch.series());
            boolean failed = settle(outcome, batch, run);
            if (failed && shuttingDown.getAsBoolean()) {
                failedWhileShuttingDown = true;
            }
            if (failed && ignoreBackoff) {
                break;
            }
            if (!failed && clock.millis() >= deadline) {
                break;
            }
        }
        return run;
    }

    /** Applies one outcome; true when the payload stays queued (a failure). */
    private boolean settle(SendOutcome outcome, PayloadBuilder.Batch batch, Attempts run) {
        long now = clock.millis();
        switch (outcome.kind()) {
            case ACCEPTED -> {
                metrics.accepted.increment();
                pending.removeFirst(batch.count());
                if (consecutiveFailures > 0 || keyRejected) {
                    LOG.atInfo().addKeyValue("failed_attempts", consecutiveFailures).addKeyValue("buffered_intervals", pending.size())
                            .log("Datadog intake accepts again");
                }
                if (rejectedInRun > 1) {
                    LOG.atInfo().addKeyValue("refused_payloads", rejectedInRun)
                            .log("Datadog intake accepts payloads again after refusing some");
                }
                rejectedInRun = 0;
                consecutiveFailures = 0;
                keyRejected = false;
                nextAttemptMillis = 0;
                lastError = null;
                lastSuccessMillis = now;
                return false;
            }
            case REJECTED -> {
                metrics.rejected.increment();
                metrics.droppedPayloadsRejected.increment();
                metrics.droppedSeriesRejected.add(batch.count());
                pending.removeFirst(batch.count());
                droppedSeries += batch.count();
                run.droppedSeries += batch.count();
                run.dropReason = "the intake refused a payload (" + outcome.describe() + ")";
                rejectedInRun++;
                if (rejectedInRun == 1) {
                    // once per run of refusals: a mapping mistake would otherwise log at every interval
                    LOG.atWarn().addKeyValue("series", batch.count()).addKeyValue("reason", outcome.describe())
                            .log("Datadog intake refused a payload; dropped it, it would never be accepted "
                                    + "(further refusals are counted, not logged, until a payload is accepted)");
                } else {
                    LOG.atDebug().addKeyValue("series", batch.count()).addKeyValue("reason", outcome.describe())
                            .addKeyValue("refused_in_a_row", rejectedInRun).log("Datadog intake refused another payload");
                }
                return false;
            }
            case UNAUTHORIZED -> {
                metrics.unauthorized.increment();
                consecutiveFailures++;
                keyRejected = true;
                nextAttemptMillis = now + Backoff.MAX.toMillis();
                lastError = "the API key " + settings.apiKey().masked() + " was rejected (" + outcome.status() + ")";
                if (now - lastAuthWarningMillis >= AUTH_WARNING_EVERY.toMillis()) {
                    lastAuthWarningMillis = now;
                    // the key only ever masked
                    LOG.atWarn().addKeyValue("api_key", settings.apiKey().masked()).addKeyValue("status", outcome.status())
                            .addKeyValue("site", settings.baseUrl()).addKeyValue("max_buffered_intervals", settings.maxBufferedIntervals())
                            .addKeyValue("next_attempt_in", Backoff.MAX)
                            .log("Datadog rejected the API key; check api-key / DD_API_KEY and site");
                }
                return true;
            }
            default -> {
                metrics.retryable.increment();
                metrics.retries.increment();
                consecutiveFailures++;
                Duration delay = backoff.delay(consecutiveFailures, outcome.retryAfter());
                nextAttemptMillis = now + delay.toMillis();
                lastError = outcome.describe();
                if (consecutiveFailures == 1) {
                    LOG.atWarn().addKeyValue("reason", outcome.describe()).addKeyValue("buffered_intervals", pending.size())
                            .log("Datadog intake unavailable; keeping the intervals for a later send, retrying with backoff");
                } else {
                    LOG.atDebug().addKeyValue("reason", outcome.describe()).addKeyValue("attempt", consecutiveFailures)
                            .addKeyValue("next_in_ms", delay.toMillis()).log("Datadog intake still unavailable");
                }
                return true;
            }
        }
    }

    private void dropStale() {
        List<PendingIntervals.Interval> stale = pending.removeOlderThan(clock.millis() - STALE_AFTER.toMillis());
        if (!stale.isEmpty()) {
            countDropped(stale, metrics.droppedStale, metrics.droppedSeriesStale);
            if (mayWarnDrop()) {
                LOG.atWarn().addKeyValue("intervals", stale.size()).addKeyValue("older_than", STALE_AFTER)
                        .addKeyValue("series", stale.get(0).size())
                        .addKeyValue("from", Instant.ofEpochMilli(stale.get(0).timestampMillis))
                        .log("Datadog exporter dropped stale buffered intervals: Datadog would ignore them");
            }
        }
    }

    private void countDropped(List<PendingIntervals.Interval> lost, io.gatewatch.api.Counter intervals,
                              io.gatewatch.api.Counter series) {
        for (PendingIntervals.Interval i : lost) {
            intervals.increment();
            series.add(i.size());
            droppedSeries += i.size();
        }
        droppedIntervals += lost.size();
    }

    /** At most one drop warning a minute: a long outage must not flood the log. */
    private boolean mayWarnDrop() {
        long now = clock.millis();
        if (now - lastDropWarningMillis >= DROP_WARNING_EVERY.toMillis()) {
            lastDropWarningMillis = now;
            return true;
        }
        return false;
    }

    private String describeFailure(Attempts run) {
        StringBuilder sb = new StringBuilder();
        if (run.droppedSeries > 0) {
            sb.append("dropped ").append(run.droppedSeries).append(" series: ").append(run.dropReason);
        }
        if (!pending.isEmpty() && (consecutiveFailures > 0 || keyRejected)) {
            if (sb.length() > 0) {
                sb.append("; ");
            }
            long wait = Math.max(0, nextAttemptMillis - clock.millis());
            sb.append(pending.size()).append(" intervals buffered (").append(lastError)
                    .append("), next attempt in ").append(wait / 1000.0).append(" s");
        }
        return sb.toString();
    }

    private void publish() {
        status = new Status(keyRejected, consecutiveFailures, lastError, pending.size(), droppedIntervals, droppedSeries,
                lastSuccessMillis);
    }
}
