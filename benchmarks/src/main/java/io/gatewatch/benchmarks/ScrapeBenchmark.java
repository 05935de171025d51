package io.gatewatch.benchmarks;

import io.gatewatch.api.Family;
import io.gatewatch.api.Histogram;
import io.gatewatch.api.Unit;
import io.gatewatch.exporter.prometheus.ExpositionBuffer;
import io.gatewatch.exporter.prometheus.PrometheusTextRenderer;
import io.gatewatch.internal.store.MetricStore;
import io.gatewatch.internal.store.StoreSettings;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.prometheus.client.CollectorRegistry;
import io.prometheus.client.exporter.common.TextFormat;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One Prometheus scrape of 10,000 histogram series (500 routes × 2 methods × 10 statuses, the
 * same 14 buckets, the same observations) rendered to the 0.0.4 text format into a byte sink, by
 * each library from its own state. simpleclient's {@code _created} series are filtered out so that
 * every library writes the same series; the output sizes are printed once at set-up.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
@Threads(1)
@State(Scope.Benchmark)
public class ScrapeBenchmark {
    private static final int ROUTES = 500;
    private static final String[] METHODS = {"GET", "POST"};
    private static final String[] STATUSES = {"200", "201", "204", "301", "400", "401", "404", "429", "500", "503"};

    private MetricStore store;
    private PrometheusTextRenderer renderer;
    private ExpositionBuffer buffer;
    private CollectorRegistry simpleclient;
    private PrometheusRegistry prometheusMetrics;
    private PrometheusTextFormatWriter prometheusMetricsWriter;
    private PrometheusMeterRegistry micrometer;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        store = new MetricStore(StoreSettings.defaults("bench").withJvmMetrics(false).withMaxSeries(20_000));
        Family<Histogram> gw = store.meters().histogram("route.duration", "Request latency", Unit.SECONDS,
                Workload.BUCKETS_NANOS, "route", "method", "status");
        renderer = new PrometheusTextRenderer("gateway");
        buffer = new ExpositionBuffer();

        simpleclient = new CollectorRegistry();
        io.prometheus.client.Histogram sc = io.prometheus.client.Histogram.build("gateway_route_duration_seconds", "Request latency")
                .buckets(Workload.BUCKETS_SECONDS).labelNames("route", "method", "status").register(simpleclient);

        prometheusMetrics = new PrometheusRegistry();
        io.prometheus.metrics.core.metrics.Histogram pm = io.prometheus.metrics.core.metrics.Histogram.builder()
                .name("gateway_route_duration_seconds").help("Request latency").classicOnly()
                .classicUpperBounds(Workload.BUCKETS_SECONDS).labelNames("route", "method", "status").register(prometheusMetrics);
        prometheusMetricsWriter = new PrometheusTextFormatWriter(false);

        micrometer = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        Duration[] slos = new Duration[Workload.BUCKETS_NANOS.length];
        for (int i = 0; i < slos.length; i++) {
            slos[i] = Duration.ofNanos(Workload.BUCKETS_NANOS[i]);
        }

        Workload w = new Workload();
        int n = 0;
        for (int r = 0; r < ROUTES; r++) {
            String route = "route-" + r;
            for (String m : METHODS) {
                for (String s : STATUSES) {
                    Histogram g = gw.labels(route, m, s);
                    io.prometheus.client.Histogram.Child c = sc.labels(route, m, s);
                    var p = pm.labelValues(route, m, s);
                    Timer t = Timer.builder("gateway.route.duration").tags("route", route, "method", m, "status", s)
                            .serviceLevelObjectives(slos).register(micrometer);
                    for (int k = 0; k < 3; k++) {
                        long nanos = w.totalNanos[(n++) & (Workload.SAMPLES - 1)];
                        g.record(nanos);
                        c.observe(nanos / 1e9);
                        p.observe(nanos / 1e9);
                        t.record(nanos, TimeUnit.NANOSECONDS);
                    }
                }
            }
        }
        System.out.printf("%nscrape output bytes: gatewatch %d, simpleclient %d, prometheus-metrics %d, micrometer %d%n",
                gatewatch(), simpleclientBuffered(), prometheusMetrics(), micrometer().length());
    }

    @Benchmark
    public long gatewatch() throws IOException {
        renderer.render(store.snapshot(System.currentTimeMillis(), List.of()), buffer);
        CountingSink sink = new CountingSink();
        buffer.writeTo(sink);
        return sink.bytes;
    }

    /** The same series in OpenMetrics 1.0.0, the format a Prometheus server asks for. */
    @Benchmark
    public long gatewatchOpenMetrics() throws IOException {
        renderer.renderOpenMetrics(store.snapshot(System.currentTimeMillis(), List.of()), buffer);
        CountingSink sink = new CountingSink();
        buffer.writeTo(sink);
        return sink.bytes;
    }

    @Benchmark
    public long simpleclientBuffered() throws IOException {
        CountingSink sink = new CountingSink();
        Writer writer = new BufferedWriter(new OutputStreamWriter(sink, StandardCharsets.UTF_8));
        TextFormat.write004(writer, simpleclient.filteredMetricFamilySamples(name -> !name.endsWith("_created")));
        writer.flush();
        return sink.bytes;
    }

    @Benchmark
    public long prometheusMetrics() throws IOException {
        CountingSink sink = new CountingSink();
        prometheusMetricsWriter.write(sink, prometheusMetrics.scrape());
        return sink.bytes;
    }

    @Benchmark
    public String micrometer() {
        return micrometer.scrape();
    }
}
