package io.gatewatch.exporter.prometheus;

import io.gatewatch.api.Counter;
import io.gatewatch.api.Gauge;
import io.gatewatch.api.Histogram;
import io.gatewatch.api.Meters;
import io.gatewatch.api.Unit;

/**
 * The exporter's own health in gatewatch's self-metrics: how long scrapes take, how big they are,
 * and how many succeed or fail. They show up in the next scrape (a scrape cannot time itself).
 */
final class ScrapeMetrics {
    static final String EXPORTER = "prometheus";
    /** 1 ms to 10 s: a scrape of tens of thousands of series should stay near the bottom. */
    private static final long[] DURATION_BOUNDS = {
        1_000_000L, 5_000_000L, 10_000_000L, 25_000_000L, 50_000_000L, 100_000_000L, 250_000_000L,
        500_000_000L, 1_000_000_000L, 2_500_000_000L, 10_000_000_000L,
    };

    private final Histogram textDuration;
    private final Histogram openMetricsDuration;
    private final Gauge textSize;
    private final Gauge openMetricsSize;
    private final Counter ok;
    private final Counter failed;
    private final Counter errors;

    ScrapeMetrics(Meters meters) {
        var duration = meters.histogram("gatewatch.prometheus.scrape.duration",
                "Time to take a snapshot and render one /metrics response", Unit.SECONDS, DURATION_BOUNDS, "format");
        var size = meters.gauge("gatewatch.prometheus.scrape.size",
                "Size of the last /metrics response before compression", Unit.BYTES, "format");
        textDuration = duration.labels("text");
        openMetricsDuration = duration.labels("openmetrics");
        textSize = size.labels("text");
        openMetricsSize = size.labels("openmetrics");
        var exports = meters.counter("gatewatch.exporter.exports", "Exports by exporter and result", Unit.NONE,
                "exporter", "result");
        ok = exports.labels(EXPORTER, "ok");
        failed = exports.labels(EXPORTER, "error");
        errors = meters.counter("gatewatch.exporter.errors", "Failed exports by exporter", Unit.NONE, "exporter")
                .labels(EXPORTER);
    }

    void succeeded(boolean openMetrics, long nanos, int bytes) {
        (openMetrics ? openMetricsDuration : textDuration).record(nanos);
        (openMetrics ? openMetricsSize : textSize).set(bytes);
        ok.increment();
    }

    void failed() {
        failed.increment();
        errors.increment();
    }
}
