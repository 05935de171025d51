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
 * writing them. The exporter is listed in {@code /status} as {@code exporter:<name>} from start-up;
 * an export that has not returned within its interval shows it {@code degraded}, with the reason,
 * while the export still runs.
 *
 * <p><b>Acknowledgement.</b> Commit a delta only once the backend accepted it. "Accepted" is what
 * the protocol can tell you: an HTTP 2xx, or for a protocol without acknowledgements (UDP StatsD,
 * TCP plaintext) a write that completed without error (a refused UDP port or a reset TCP
 * connection is a failure). Throw to report a failure: the uncommitted intervals go out with the
 * next export.
 *
 * <p><b>Shutdown.</b> Core calls {@code export} once more with a final snapshot, then {@link
 * #flush()}, then {@link #close()}, all on the exporter's thread. Core guarantees that
 * {@code close} never overlaps {@code export} or {@code flush} and that nothing is called after
 * {@code close}, so an exporter needs no lock of its own: if the final export has not returned
 * within 10 s, core interrupts it and waits one more second; if it still runs, core closes the
 * exporter only when it returns. Intervals that the final export could not send (backend down,
 * time-out) are lost with the process: gatewatch keeps nothing on disk. Count them if your users
 * need to know (the StatsD exporter counts them in {@code gatewatch.statsd.unsent}).
 */
public interface PushExporter {

    /** Names the exporter in {@code /status} and in self-metrics. Read once, at start-up. */
    String name();

    /** How often core calls {@link #export}; read once, at start-up (at least 1 ms). */
    Duration interval();

    /**
     * Sends one interval. Runs on the exporter's own thread ({@code gatewatch-exporter-<name>-1}),
     * never two at once, every {@link #interval()}. May block up to its own timeouts; keep them
     * below the interval, or the exporter shows {@code degraded} while it waits. Throw to report a
     * failed send: it is counted and reported to health, and the next export still runs.
     */
    void export(Snapshot snapshot) throws Exception;

    /**
     * Sends whatever is still buffered; called once at shutdown after the final export, on the
     * exporter's thread. What it throws is counted as an export error.
     */
    default void flush() throws Exception {
    }

    /**
     * Releases sockets and threads. Called once, last, after the final export and flush returned
     * (see <b>Shutdown</b>); must be idempotent and should not block. What it throws is logged.
     */
    void close();
}
