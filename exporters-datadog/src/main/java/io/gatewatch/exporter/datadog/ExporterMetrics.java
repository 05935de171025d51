package io.gatewatch.exporter.datadog;

import io.gatewatch.api.Counter;
import io.gatewatch.api.Family;
import io.gatewatch.api.Meters;
import io.gatewatch.api.Unit;
import java.util.function.IntSupplier;

/** The exporter's self-metrics ({@code gatewatch.datadog.*}), resolved once. */
final class ExporterMetrics {
    final Counter droppedOverflow;
    final Counter droppedStale;
    final Counter droppedShutdown;
    final Counter droppedPayloadsRejected;
    final Counter droppedPayloadsTooLarge;
    final Counter droppedSeriesOverflow;
    final Counter droppedSeriesStale;
    final Counter droppedSeriesShutdown;
    final Counter droppedSeriesRejected;
    final Counter droppedSeriesTooLarge;
    final Counter retries;
    final Counter accepted;
    final Counter rejected;
    final Counter unauthorized;
    final Counter retryable;

    ExporterMetrics(Meters meters, IntSupplier pendingIntervals) {
        Family<Counter> intervals = meters.counter("gatewatch.datadog.dropped.intervals",
                "Intervals given up undelivered (overflow: buffer full, stale: older than Datadog accepts, shutdown)", "reason");
        droppedOverflow = intervals.labels("overflow");
        droppedStale = intervals.labels("stale");
        droppedShutdown = intervals.labels("shutdown");
        Family<Counter> payloads = meters.counter("gatewatch.datadog.dropped.payloads",
                "Payloads dropped because the intake refused them (rejected: 4xx) or they could never fit (too_large)", "reason");
        droppedPayloadsRejected = payloads.labels("rejected");
        droppedPayloadsTooLarge = payloads.labels("too_large");
        Family<Counter> series = meters.counter("gatewatch.datadog.dropped.series",
                "Series lost with dropped intervals and payloads", "reason");
        droppedSeriesOverflow = series.labels("overflow");
        droppedSeriesStale = series.labels("stale");
        droppedSeriesShutdown = series.labels("shutdown");
        droppedSeriesRejected = series.labels("rejected");
        droppedSeriesTooLarge = series.labels("too_large");
        retries = meters.counter("gatewatch.datadog.retries", "Requests that failed and were scheduled again").labels();
        Family<Counter> requests = meters.counter("gatewatch.datadog.requests", "Requests to the intake by outcome", "result");
        accepted = requests.labels("accepted");
        rejected = requests.labels("rejected");
        unauthorized = requests.labels("unauthorized");
        retryable = requests.labels("retryable");
        meters.gauge("gatewatch.datadog.pending.intervals", "Intervals buffered for a later send", Unit.NONE,
                () -> pendingIntervals.getAsInt());
    }
}
