package io.gatewatch.spi;

import io.gatewatch.snapshot.Snapshot;
import java.time.Duration;

/**
 * An exporter that sends to a backend every interval (StatsD, Datadog, a file).
 *
 * <pre>{@code
 * final class LogExporter implements PushExporter {
 *     private final DeltaTracker deltas = new DeltaTracker();
 *     public String name() { return "log"; }
 *     public Duration interval() { return Duration.ofSeconds(10); }
 *     public void export(Snapshot snapshot) throws IOException {
 *         DeltaTracker.Delta d = deltas.delta(snapshot);
 *         write(d.interval());          // throws if the backend refused it
 *         deltas.commit(d);             // only after success: a failed send loses nothing
 *     }
 *     public void close() { }
 * }
 * }</pre>
 *
 * <p><b>Contract.</b> Core owns the schedule: it calls {@link #export} every {@link #interval()}
 * on a thread of this exporter's own, single-flight (never two calls at once, and an export that
 * overruns delays the next one instead of stacking up). Whatever {@code export} throws is
 * caught, counted in {@code gatewatch_exporter_errors_total} and reported to the health
 * registry (a success reports healthy), so exporter authors get health and error counts without
 * writing them. On shutdown core calls {@code export} once more with a final snapshot, then
 * {@link #flush()}, then {@link #close()}; after {@code close} it calls nothing.
 */
public interface PushExporter {

    /** Names the exporter in {@code /status} and in self-metrics. */
    String name();

    /** How often core calls {@link #export}. */
    Duration interval();

    /** Sends one interval. Runs on the exporter's own thread; may block up to its own timeouts. */
    void export(Snapshot snapshot) throws Exception;

    /** Sends whatever is still buffered; called once at shutdown after the final export. */
    default void flush() throws Exception {
    }

    /** Releases sockets and threads. Must be idempotent. */
    void close();
}
