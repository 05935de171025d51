package io.gatewatch.exporter.statsd;

import static org.assertj.core.api.Assertions.assertThat;

import io.gatewatch.api.Unit;
import io.gatewatch.snapshot.CounterPoint;
import io.gatewatch.snapshot.GaugePoint;
import io.gatewatch.snapshot.HistogramPoint;
import io.gatewatch.snapshot.Labels;
import io.gatewatch.snapshot.MetricDescriptor;
import io.gatewatch.snapshot.MetricFamily;
import io.gatewatch.snapshot.Point;
import io.gatewatch.snapshot.Snapshot;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A flush of 10,000 series through the real UDP path to a loopback socket: how long it takes,
 * what it allocates and how many datagrams it sends. The allocation bound is asserted; times
 * are printed (the benchmarks module measures them properly).
 */
class FlushCostTest {
    private static final int SERIES = 10_000;

    @Test
    void aFlushOfTenThousandSeriesReusesItsBuffers() throws Exception {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        Snapshot snapshot = tenThousandSeries();
        try (UdpReceiver daemon = new UdpReceiver()) {
            for (StatsdFlavor flavor : StatsdFlavor.values()) {
                StatsdExporter exporter = new StatsdExporter(StatsdExporterTest.settings(flavor, "127.0.0.1", daemon.port()),
                        Snapshots.context());
                for (int i = 0; i < 50; i++) {   // warm up: buffers grow to size, code gets compiled
                    exporter.send(snapshot);
                    daemon.drain(1);
                }
                long allocated = 0;
                long nanos = 0;
                int rounds = 20;
                SendReport report = null;
                for (int i = 0; i < rounds; i++) {
                    long a0 = threads.getCurrentThreadAllocatedBytes();
                    long t0 = System.nanoTime();
                    report = exporter.send(snapshot);
                    nanos += System.nanoTime() - t0;
                    allocated += threads.getCurrentThreadAllocatedBytes() - a0;
                    daemon.drain(1);
                }
                System.out.printf("FIGURES statsd flush cost %s: %d series -> %d lines, %d datagrams, %d bytes; %.2f ms and %d bytes allocated per flush%n",
                        flavor.configName(), report.series(), report.lines(), report.datagrams(), report.bytes(),
                        nanos / rounds / 1e6, allocated / rounds);
                assertThat(report.complete()).isTrue();
                assertThat(report.lines()).isGreaterThanOrEqualTo(SERIES);
                // per flush: the report, one bounds copy per histogram family, the self-metric
                // handles' bookkeeping; nothing per series or per line
                assertThat(allocated / rounds).as("bytes allocated per flush").isLessThan(4_096);
                exporter.close();
            }
        }
    }

    /** 8,000 counters, 1,000 gauges, 1,000 latency histograms, labelled like gateway routes. */
    static Snapshot tenThousandSeries() {
        return routes(1000);
    }

    /** Ten series per route (8 counters, a gauge, a latency histogram), labelled like gateway routes. */
    static Snapshot routes(int routes) {
        MetricDescriptor requests = MetricDescriptor.counter("requests", "h", Unit.NONE, "service", "route", "status");
        MetricDescriptor inFlight = MetricDescriptor.gauge("route.in_flight", "h", Unit.NONE, "service", "route");
        MetricDescriptor duration = MetricDescriptor.histogram("request.duration", "h", Unit.SECONDS,
                io.gatewatch.internal.store.StoreSettings.DEFAULT_LATENCY_BUCKETS_NANOS, "service", "route");
        List<Point> counters = new ArrayList<>();
        List<Point> gauges = new ArrayList<>();
        List<Point> histograms = new ArrayList<>();
        for (int r = 0; r < routes; r++) {
            String service = "service-" + r / 50;
            String route = "route-" + r;
            for (int s = 0; s < 8; s++) {
                counters.add(new CounterPoint(Labels.pairs("service", service, "route", route, "status",
                        String.valueOf(200 + s)), 1 + r + s));
            }
            gauges.add(new GaugePoint(Labels.pairs("service", service, "route", route), r % 7 - 2.5));
            long[] buckets = new long[15];
            buckets[r % 15] = 3;
            buckets[(r + 4) % 15] = 2;
            histograms.add(new HistogramPoint(Labels.pairs("service", service, "route", route), buckets, 5,
                    5_000_000L * (1 + r % 15), 1_000_000, 40_000_000_000L));
        }
        return new Snapshot(1_000, "node-1", Labels.pairs("env", "prod"), List.of(new MetricFamily(requests, counters),
                new MetricFamily(inFlight, gauges), new MetricFamily(duration, histograms)));
    }
}
