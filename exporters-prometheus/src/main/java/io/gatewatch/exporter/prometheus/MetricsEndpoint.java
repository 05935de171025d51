package io.gatewatch.exporter.prometheus;

import io.gatewatch.snapshot.MetricFamily;
import io.gatewatch.snapshot.Snapshot;
import io.gatewatch.spi.HealthReporter;
import io.gatewatch.spi.SnapshotSource;
import io.prometheus.client.Collector.MetricFamilySamples;
import io.prometheus.client.CollectorRegistry;
import io.prometheus.client.exporter.common.TextFormat;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;

/**
 * One scrape: takes a snapshot, renders it in the format the scraper asked for, and hands the
 * bytes to whoever answers the HTTP request. Both the Prometheus text format and OpenMetrics are
 * written by {@link PrometheusTextRenderer}; simpleclient writes only the families of the extra
 * (host) registry, after gatewatch's.
 * Runs on the status listener's (or the own port's) threads, never on a gateway thread.
 */
final class MetricsEndpoint {

    /** Answers the request from the rendered body; the buffer is only valid during the call. */
    interface Responder<T> {
        T respond(String contentType, ExpositionBuffer body) throws IOException;
    }

    private final SnapshotSource source;
    private final PrometheusTextRenderer renderer;
    private final CollectorRegistry extra;
    private final ScrapeMetrics metrics;
    private final HealthReporter.Component health;
    private final LongSupplier nanoTime;
    /** One spare buffer is enough: concurrent scrapes are rare, and each keeps a full exposition. */
    private final AtomicReference<ExpositionBuffer> spare = new AtomicReference<>();
    private volatile boolean lastFailed = true;

    /**
     * @param extra another registry whose metrics follow gatewatch's (the host's default
     *              registry), or {@code null}
     */
    MetricsEndpoint(SnapshotSource source, String prefix, CollectorRegistry extra, ScrapeMetrics metrics,
                    HealthReporter.Component health, LongSupplier nanoTime) {
        this.source = source;
        this.renderer = new PrometheusTextRenderer(prefix);
        this.extra = extra;
        this.metrics = metrics;
        this.health = health;
        this.nanoTime = nanoTime;
    }

    <T> T scrape(String accept, Responder<T> responder) throws IOException {
        String contentType = TextFormat.chooseContentType(accept);
        boolean openMetrics = TextFormat.CONTENT_TYPE_OPENMETRICS_100.equals(contentType);
        long start = nanoTime.getAsLong();
        ExpositionBuffer body = borrow();
        try {
            try {
                Snapshot snapshot = source.snapshot();
                if (openMetrics) {
                    writeOpenMetrics(snapshot, body);
                } else {
                    writeText(snapshot, body);
                }
            } catch (RuntimeException | IOException e) {
                metrics.failed();
                lastFailed = true;
                health.error("scrape failed: " + e.getClass().getSimpleName());
                throw e;
            }
            metrics.succeeded(openMetrics, nanoTime.getAsLong() - start, body.size());
            if (lastFailed) {
                // report transitions only: a record per scrape would drown the component's history
                lastFailed = false;
                health.ok("serving scrapes");
            }
            return responder.respond(contentType, body);
        } finally {
            spare.compareAndSet(null, body);
        }
    }

    private void writeText(Snapshot snapshot, ExpositionBuffer body) throws IOException {
        renderer.render(snapshot, body);
        if (extra != null) {
            BufferWriter writer = new BufferWriter(body);
            TextFormat.write004(writer, Collections.enumeration(extraFamilies(snapshot)));
            writer.flush();
        }
    }

    private void writeOpenMetrics(Snapshot snapshot, ExpositionBuffer body) throws IOException {
        if (extra == null) {
            renderer.renderOpenMetrics(snapshot, body);
            return;
        }
        // the other registry's families go through simpleclient's writer, which also closes the exposition
        renderer.renderOpenMetricsFamilies(snapshot, body);
        BufferWriter writer = new BufferWriter(body);
        TextFormat.writeOpenMetrics100(writer, Collections.enumeration(extraFamilies(snapshot)));
        writer.flush();
    }

    /** The extra registry's families, minus any whose name gatewatch already exposes. */
    private List<MetricFamilySamples> extraFamilies(Snapshot snapshot) {
        Set<String> ours = new HashSet<>();
        for (MetricFamily f : snapshot.families()) {
            ours.add(renderer.familyName(f.descriptor()));
        }
        List<MetricFamilySamples> out = new ArrayList<>();
        for (MetricFamilySamples mfs : Collections.list(extra.metricFamilySamples())) {
            if (!ours.contains(mfs.name)) {
                out.add(mfs);
            }
        }
        return out;
    }

    private ExpositionBuffer borrow() {
        ExpositionBuffer b = spare.getAndSet(null);
        return b != null ? b : new ExpositionBuffer();
    }
}
