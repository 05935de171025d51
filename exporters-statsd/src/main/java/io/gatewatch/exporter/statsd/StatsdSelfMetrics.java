package io.gatewatch.exporter.statsd;

import io.gatewatch.api.Counter;
import io.gatewatch.api.Family;
import io.gatewatch.api.Histogram;
import io.gatewatch.api.Meters;
import io.gatewatch.api.Unit;

/**
 * The exporter's own metrics, under {@code gatewatch.statsd.*}. Handles are resolved once here so
 * a flush only adds to them.
 */
final class StatsdSelfMetrics {
    final Counter datagrams;
    final Counter lines;
    final Counter bytes;
    final Counter errorsRefused;
    final Counter errorsUnresolved;
    final Counter errorsIo;
    final Counter droppedRefused;
    final Counter droppedOversize;
    final Counter unsentAtClose;
    final Counter deferred;
    final Histogram flushDuration;

    StatsdSelfMetrics(Meters meters) {
        datagrams = meters.counter("gatewatch.statsd.datagrams", "Datagrams sent to the StatsD daemon").labels();
        lines = meters.counter("gatewatch.statsd.lines", "StatsD lines sent").labels();
        bytes = meters.counter("gatewatch.statsd.bytes", "Bytes sent to the StatsD daemon", Unit.BYTES).labels();
        Family<Counter> errors = meters.counter("gatewatch.statsd.errors",
                "Failed sends to the StatsD daemon, by reason", "reason");
        errorsRefused = errors.labels("refused");
        errorsUnresolved = errors.labels("unresolved_host");
        errorsIo = errors.labels("io");
        Family<Counter> dropped = meters.counter("gatewatch.statsd.dropped",
                "StatsD lines lost for good, by reason", "reason");
        droppedRefused = dropped.labels("refused_after_send");
        droppedOversize = dropped.labels("oversize");
        unsentAtClose = meters.counter("gatewatch.statsd.unsent",
                "Series whose last interval could not be sent before the exporter closed").labels();
        deferred = meters.counter("gatewatch.statsd.deferred",
                "Series whose interval was kept for the next send (failed send or queue-size reached)").labels();
        flushDuration = meters.histogram("gatewatch.statsd.flush.duration",
                "Time to format and send one interval", Unit.SECONDS, null).labels();
    }
}
