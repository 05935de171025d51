package io.gatewatch.benchmarks;

import com.codahale.metrics.MetricRegistry;
import io.gatewatch.api.GatewayMetrics;
import io.gatewatch.api.HttpMethod;
import io.gatewatch.api.ResponseSource;
import io.gatewatch.api.RouteMetrics;
import io.gatewatch.api.TraceContext;
import io.gatewatch.api.TraceParent;
import io.gatewatch.internal.store.MetricStore;
import io.gatewatch.internal.store.StoreSettings;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.prometheus.client.CollectorRegistry;
import io.prometheus.metrics.core.datapoints.CounterDataPoint;
import io.prometheus.metrics.core.datapoints.DistributionDataPoint;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
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
import org.openjdk.jmh.annotations.Warmup;

/**
 * Records one full gateway request (request count by service, route, method, status; total and
 * upstream latency histograms with the same 14 buckets; bytes in and out) in each library, in
 * its usual per-request style and in its best (pre-resolved) style. One benchmark op = one request.
 * gatewatch's {@code record} also fills its overhead histogram, so it does slightly more work.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class HotPathBenchmark {

    @State(Scope.Benchmark)
    public static class Libraries {
        final Workload w = new Workload();

        // gatewatch: route handles resolved once
        RouteMetrics[] gatewatchRoutes;
        HttpMethod[] gatewatchMethods;

        // simpleclient 0.16
        io.prometheus.client.Counter scRequests;
        io.prometheus.client.Histogram scTotal;
        io.prometheus.client.Histogram scUpstream;
        io.prometheus.client.Counter scBytesIn;
        io.prometheus.client.Counter scBytesOut;
        io.prometheus.client.Counter.Child[] scRequestChild;
        io.prometheus.client.Histogram.Child[] scTotalChild;
        io.prometheus.client.Histogram.Child[] scUpstreamChild;
        io.prometheus.client.Counter.Child[] scBytesInChild;
        io.prometheus.client.Counter.Child[] scBytesOutChild;

        // prometheus-metrics 1.x
        io.prometheus.metrics.core.metrics.Counter pmRequests;
        io.prometheus.metrics.core.metrics.Histogram pmTotal;
        io.prometheus.metrics.core.metrics.Histogram pmUpstream;
        io.prometheus.metrics.core.metrics.Counter pmBytesIn;
        io.prometheus.metrics.core.metrics.Counter pmBytesOut;
        CounterDataPoint[] pmRequestPoint;
        DistributionDataPoint[] pmTotalPoint;
        DistributionDataPoint[] pmUpstreamPoint;
        CounterDataPoint[] pmBytesInPoint;
        CounterDataPoint[] pmBytesOutPoint;

        // Micrometer with its Prometheus registry
        PrometheusMeterRegistry micrometer;
        Duration[] slos;
        Counter[] mmRequests;
        Timer[] mmTotal;
        Timer[] mmUpstream;
        Counter[] mmBytesIn;
        Counter[] mmBytesOut;

        // Dropwizard 4.2 (no labels: one name per tuple)
        MetricRegistry dropwizard;
        String[] dwRequestName;
        String[] dwTotalName;
        String[] dwUpstreamName;
        String[] dwInName;
        String[] dwOutName;
        com.codahale.metrics.Meter[] dwRequests;
        com.codahale.metrics.Timer[] dwTotal;
        com.codahale.metrics.Timer[] dwUpstream;
        com.codahale.metrics.Counter[] dwBytesIn;
        com.codahale.metrics.Counter[] dwBytesOut;

        // Floor: LongAdders and a hand-written bucket search
        LongAdder[] floorRequests;
        LongAdder[][] floorTotal;
        LongAdder[] floorTotalSum;
        LongAdder[][] floorUpstream;
        LongAdder[] floorUpstreamSum;
        LongAdder[] floorIn;
        LongAdder[] floorOut;

        @Setup(Level.Trial)
        public void setUp() {
            int n = Workload.TUPLES;
            MetricStore store = new MetricStore(StoreSettings.defaults("bench").withJvmMetrics(false));
            GatewayMetrics metrics = store.gatewayMetrics();
            gatewatchRoutes = new RouteMetrics[n];
            gatewatchMethods = new HttpMethod[n];

            CollectorRegistry scRegistry = new CollectorRegistry();
            scRequests = io.prometheus.client.Counter.build("gateway_requests_total", "r")
                    .labelNames("service", "route", "method", "status").register(scRegistry);
            scTotal = io.prometheus.client.Histogram.build("gateway_request_duration_seconds", "d")
                    .buckets(Workload.BUCKETS_SECONDS).labelNames("service", "route").register(scRegistry);
            scUpstream = io.prometheus.client.Histogram.build("gateway_upstream_duration_seconds", "d")
                    .buckets(Workload.BUCKETS_SECONDS).labelNames("service", "route").register(scRegistry);
            scBytesIn = io.prometheus.client.Counter.build("gateway_request_bytes_total", "b")
                    .labelNames("service", "route").register(scRegistry);
            scBytesOut = io.prometheus.client.Counter.build("gateway_response_bytes_total", "b")
                    .labelNames("service", "route").register(scRegistry);
            scRequestChild = new io.prometheus.client.Counter.Child[n];
            scTotalChild = new io.prometheus.client.Histogram.Child[n];
            scUpstreamChild = new io.prometheus.client.Histogram.Child[n];
            scBytesInChild = new io.prometheus.client.Counter.Child[n];
            scBytesOutChild = new io.prometheus.client.Counter.Child[n];

            PrometheusRegistry pmRegistry = new PrometheusRegistry();
            pmRequests = io.prometheus.metrics.core.metrics.Counter.builder().name("gateway_requests_total")
                    .labelNames("service", "route", "method", "status").register(pmRegistry);
            pmTotal = io.prometheus.metrics.core.metrics.Histogram.builder().name("gateway_request_duration_seconds")
                    .classicOnly().classicUpperBounds(Workload.BUCKETS_SECONDS).labelNames("service", "route")
                    .register(pmRegistry);
            pmUpstream = io.prometheus.metrics.core.metrics.Histogram.builder().name("gateway_upstream_duration_seconds")
                    .classicOnly().classicUpperBounds(Workload.BUCKETS_SECONDS).labelNames("service", "route")
                    .register(pmRegistry);
            pmBytesIn = io.prometheus.metrics.core.metrics.Counter.builder().name("gateway_request_bytes_total")
                    .labelNames("service", "route").register(pmRegistry);
            pmBytesOut = io.prometheus.metrics.core.metrics.Counter.builder().name("gateway_response_bytes_total")
                    .labelNames("service", "route").register(pmRegistry);
            pmRequestPoint = new CounterDataPoint[n];
            pmTotalPoint = new DistributionDataPoint[n];
            pmUpstreamPoint = new DistributionDataPoint[n];
            pmBytesInPoint = new CounterDataPoint[n];
            pmBytesOutPoint = new CounterDataPoint[n];

            micrometer = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
            slos = new Duration[Workload.BUCKETS_NANOS.length];
            for (int i = 0; i < slos.length; i++) {
                slos[i] = Duration.ofNanos(Workload.BUCKETS_NANOS[i]);
            }
            mmRequests = new Counter[n];
            mmTotal = new Timer[n];
            mmUpstream = new Timer[n];
            mmBytesIn = new Counter[n];
            mmBytesOut = new Counter[n];

            dropwizard = new MetricRegistry();
            dwRequestName = new String[n];
            dwTotalName = new String[n];
            dwUpstreamName = new String[n];
            dwInName = new String[n];
            dwOutName = new String[n];
            dwRequests = new com.codahale.metrics.Meter[n];
            dwTotal = new com.codahale.metrics.Timer[n];
            dwUpstream = new com.codahale.metrics.Timer[n];
            dwBytesIn = new com.codahale.metrics.Counter[n];
            dwBytesOut = new com.codahale.metrics.Counter[n];

            floorRequests = new LongAdder[n];
            floorTotal = new LongAdder[Workload.ROUTES][];
            floorTotalSum = new LongAdder[Workload.ROUTES];
            floorUpstream = new LongAdder[Workload.ROUTES][];
            floorUpstreamSum = new LongAdder[Workload.ROUTES];
            floorIn = new LongAdder[Workload.ROUTES];
            floorOut = new LongAdder[Workload.ROUTES];
            for (int r = 0; r < Workload.ROUTES; r++) {
                floorTotal[r] = adders(Workload.BUCKETS_NANOS.length + 1);
                floorUpstream[r] = adders(Workload.BUCKETS_NANOS.length + 1);
                floorTotalSum[r] = new LongAdder();
                floorUpstreamSum[r] = new LongAdder();
                floorIn[r] = new LongAdder();
                floorOut[r] = new LongAdder();
            }

            for (int t = 0; t < n; t++) {
                String s = w.service[t];
                String r = w.route[t];
                String m = w.method[t];
                String st = w.statusText[t];
                gatewatchRoutes[t] = metrics.route(s, r);
                gatewatchMethods[t] = HttpMethod.of(m);

                scRequestChild[t] = scRequests.labels(s, r, m, st);
                scTotalChild[t] = scTotal.labels(s, r);
                scUpstreamChild[t] = scUpstream.labels(s, r);
                scBytesInChild[t] = scBytesIn.labels(s, r);
                scBytesOutChild[t] = scBytesOut.labels(s, r);

                pmRequestPoint[t] = pmRequests.labelValues(s, r, m, st);
                pmTotalPoint[t] = pmTotal.labelValues(s, r);
                pmUpstreamPoint[t] = pmUpstream.labelValues(s, r);
                pmBytesInPoint[t] = pmBytesIn.labelValues(s, r);
                pmBytesOutPoint[t] = pmBytesOut.labelValues(s, r);

                mmRequests[t] = Counter.builder("gateway.requests").tags("service", s, "route", r, "method", m, "status", st)
                        .register(micrometer);
                mmTotal[t] = Timer.builder("gateway.request.duration").tags("service", s, "route", r)
                        .serviceLevelObjectives(slos).register(micrometer);
                mmUpstream[t] = Timer.builder("gateway.upstream.duration").tags("service", s, "route", r)
                        .serviceLevelObjectives(slos).register(micrometer);
                mmBytesIn[t] = Counter.builder("gateway.request.bytes").tags("service", s, "route", r).register(micrometer);
                mmBytesOut[t] = Counter.builder("gateway.response.bytes").tags("service", s, "route", r).register(micrometer);

                dwRequestName[t] = MetricRegistry.name("gateway.requests", s, r, m, st);
                dwTotalName[t] = MetricRegistry.name("gateway.request.duration", s, r);
                dwUpstreamName[t] = MetricRegistry.name("gateway.upstream.duration", s, r);
                dwInName[t] = MetricRegistry.name("gateway.request.bytes", s, r);
                dwOutName[t] = MetricRegistry.name("gateway.response.bytes", s, r);
                dwRequests[t] = dropwizard.meter(dwRequestName[t]);
                dwTotal[t] = dropwizard.timer(dwTotalName[t]);
                dwUpstream[t] = dropwizard.timer(dwUpstreamName[t]);
                dwBytesIn[t] = dropwizard.counter(dwInName[t]);
                dwBytesOut[t] = dropwizard.counter(dwOutName[t]);

                floorRequests[t] = new LongAdder();
            }
        }

        private static LongAdder[] adders(int n) {
            LongAdder[] a = new LongAdder[n];
            for (int i = 0; i < n; i++) {
                a[i] = new LongAdder();
            }
            return a;
        }
    }

    /** Each thread walks the tuples and samples on its own cursor, starting at a different place. */
    @State(Scope.Thread)
    public static class Cursor {
        private static int seeds;
        int i;

        @Setup(Level.Trial)
        public void setUp() {
            synchronized (Cursor.class) {
                i = 977 * seeds++;
            }
        }

        int next() {
            return i++;
        }
    }

    private static int tuple(int i) {
        return i % Workload.TUPLES;
    }

    private static int sample(int i) {
        return i & (Workload.SAMPLES - 1);
    }

    @Benchmark
    public void gatewatch(Libraries l, Cursor c) {
        int i = c.next();
        int t = tuple(i);
        int s = sample(i);
        Workload w = l.w;
        l.gatewatchRoutes[t].record(l.gatewatchMethods[t], w.status[t], ResponseSource.UPSTREAM,
                w.totalNanos[s], w.upstreamNanos[s], w.bytesIn[s], w.bytesOut[s]);
    }

    /** One sampled W3C trace context per workload sample, parsed once as a gateway would per request. */
    @State(Scope.Benchmark)
    public static class Traces {
        TraceContext[] contexts;

        @Setup(Level.Trial)
        public void setUp() {
            contexts = new TraceContext[Workload.SAMPLES];
            for (int i = 0; i < contexts.length; i++) {
                contexts[i] = TraceParent.continueOrStart(null, true);
            }
        }
    }

    /** {@link #gatewatch} with a sampled trace context: every latency also becomes its bucket's exemplar. */
    @Benchmark
    public void gatewatchWithTrace(Libraries l, Traces traces, Cursor c) {
        int i = c.next();
        int t = tuple(i);
        int s = sample(i);
        Workload w = l.w;
        l.gatewatchRoutes[t].record(l.gatewatchMethods[t], w.status[t], ResponseSource.UPSTREAM,
                w.totalNanos[s], w.upstreamNanos[s], w.bytesIn[s], w.bytesOut[s], null, traces.contexts[s]);
    }

    @Benchmark
    public void simpleclientPrebound(Libraries l, Cursor c) {
        int i = c.next();
        int t = tuple(i);
        int s = sample(i);
        Workload w = l.w;
        l.scRequestChild[t].inc();
        l.scTotalChild[t].observe(w.totalNanos[s] / 1e9);
        l.scUpstreamChild[t].observe(w.upstreamNanos[s] / 1e9);
        l.scBytesInChild[t].inc(w.bytesIn[s]);
        l.scBytesOutChild[t].inc(w.bytesOut[s]);
    }

    @Benchmark
    public void simpleclientLabels(Libraries l, Cursor c) {
        int i = c.next();
        int t = tuple(i);
        int s = sample(i);
        Workload w = l.w;
        l.scRequests.labels(w.service[t], w.route[t], w.method[t], w.statusText[t]).inc();
        l.scTotal.labels(w.service[t], w.route[t]).observe(w.totalNanos[s] / 1e9);
        l.scUpstream.labels(w.service[t], w.route[t]).observe(w.upstreamNanos[s] / 1e9);
        l.scBytesIn.labels(w.service[t], w.route[t]).inc(w.bytesIn[s]);
        l.scBytesOut.labels(w.service[t], w.route[t]).inc(w.bytesOut[s]);
    }

    @Benchmark
    public void prometheusMetricsPrebound(Libraries l, Cursor c) {
        int i = c.next();
        int t = tuple(i);
        int s = sample(i);
        Workload w = l.w;
        l.pmRequestPoint[t].inc();
        l.pmTotalPoint[t].observe(w.totalNanos[s] / 1e9);
        l.pmUpstreamPoint[t].observe(w.upstreamNanos[s] / 1e9);
        l.pmBytesInPoint[t].inc(w.bytesIn[s]);
        l.pmBytesOutPoint[t].inc(w.bytesOut[s]);
    }

    @Benchmark
    public void prometheusMetricsLabels(Libraries l, Cursor c) {
        int i = c.next();
        int t = tuple(i);
        int s = sample(i);
        Workload w = l.w;
        l.pmRequests.labelValues(w.service[t], w.route[t], w.method[t], w.statusText[t]).inc();
        l.pmTotal.labelValues(w.service[t], w.route[t]).observe(w.totalNanos[s] / 1e9);
        l.pmUpstream.labelValues(w.service[t], w.route[t]).observe(w.upstreamNanos[s] / 1e9);
        l.pmBytesIn.labelValues(w.service[t], w.route[t]).inc(w.bytesIn[s]);
        l.pmBytesOut.labelValues(w.service[t], w.route[t]).inc(w.bytesOut[s]);
    }

    @Benchmark
    public void micrometerResolved(Libraries l, Cursor c) {
        int i = c.next();
        int t = tuple(i);
        int s = sample(i);
        Workload w = l.w;
        l.mmRequests[t].increment();
        l.mmTotal[t].record(w.totalNanos[s], TimeUnit.NANOSECONDS);
        l.mmUpstream[t].record(w.upstreamNanos[s], TimeUnit.NANOSECONDS);
        l.mmBytesIn[t].increment(w.bytesIn[s]);
        l.mmBytesOut[t].increment(w.bytesOut[s]);
    }

    @Benchmark
    public void micrometerBuilder(Libraries l, Cursor c) {
        int i = c.next();
        int t = tuple(i);
        int s = sample(i);
        Workload w = l.w;
        PrometheusMeterRegistry r = l.micrometer;
        Counter.builder("gateway.requests").tags("service", w.service[t], "route", w.route[t], "method", w.method[t],
                "status", w.statusText[t]).register(r).increment();
        Timer.builder("gateway.request.duration").tags("service", w.service[t], "route", w.route[t])
                .serviceLevelObjectives(l.slos).register(r).record(w.totalNanos[s], TimeUnit.NANOSECONDS);
        Timer.builder("gateway.upstream.duration").tags("service", w.service[t], "route", w.route[t])
                .serviceLevelObjectives(l.slos).register(r).record(w.upstreamNanos[s], TimeUnit.NANOSECONDS);
        Counter.builder("gateway.request.bytes").tags("service", w.service[t], "route", w.route[t]).register(r)
                .increment(w.bytesIn[s]);
        Counter.builder("gateway.response.bytes").tags("service", w.service[t], "route", w.route[t]).register(r)
                .increment(w.bytesOut[s]);
    }

    @Benchmark
    public void dropwizardResolved(Libraries l, Cursor c) {
        int i = c.next();
        int t = tuple(i);
        int s = sample(i);
        Workload w = l.w;
        l.dwRequests[t].mark();
        l.dwTotal[t].update(w.totalNanos[s], TimeUnit.NANOSECONDS);
        l.dwUpstream[t].update(w.upstreamNanos[s], TimeUnit.NANOSECONDS);
        l.dwBytesIn[t].inc(w.bytesIn[s]);
        l.dwBytesOut[t].inc(w.bytesOut[s]);
    }

    @Benchmark
    public void dropwizardLookup(Libraries l, Cursor c) {
        int i = c.next();
        int t = tuple(i);
        int s = sample(i);
        Workload w = l.w;
        MetricRegistry r = l.dropwizard;
        r.meter(l.dwRequestName[t]).mark();
        r.timer(l.dwTotalName[t]).update(w.totalNanos[s], TimeUnit.NANOSECONDS);
        r.timer(l.dwUpstreamName[t]).update(w.upstreamNanos[s], TimeUnit.NANOSECONDS);
        r.counter(l.dwInName[t]).inc(w.bytesIn[s]);
        r.counter(l.dwOutName[t]).inc(w.bytesOut[s]);
    }

    @Benchmark
    public void floorLongAdders(Libraries l, Cursor c) {
        int i = c.next();
        int t = tuple(i);
        int s = sample(i);
        Workload w = l.w;
        int r = w.routeIndex[t];
        l.floorRequests[t].increment();
        l.floorTotal[r][bucket(w.totalNanos[s])].increment();
        l.floorTotalSum[r].add(w.totalNanos[s]);
        l.floorUpstream[r][bucket(w.upstreamNanos[s])].increment();
        l.floorUpstreamSum[r].add(w.upstreamNanos[s]);
        l.floorIn[r].add(w.bytesIn[s]);
        l.floorOut[r].add(w.bytesOut[s]);
    }

    private static int bucket(long nanos) {
        long[] b = Workload.BUCKETS_NANOS;
        int lo = 0;
        int hi = b.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (nanos <= b[mid]) {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        return lo;
    }
}
