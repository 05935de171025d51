package io.gatewatch.benchmarks;

import com.typesafe.config.ConfigFactory;
import io.gatewatch.api.Counter;
import io.gatewatch.api.Histogram;
import io.gatewatch.api.Unit;
import io.gatewatch.exporter.statsd.SendReport;
import io.gatewatch.exporter.statsd.StatsdExporter;
import io.gatewatch.exporter.statsd.StatsdSettings;
import io.gatewatch.internal.store.MetricStore;
import io.gatewatch.internal.store.StoreSettings;
import io.gatewatch.spi.support.DeltaTracker;
import io.gatewatch.testing.TestPluginContext;
import io.micrometer.core.instrument.Clock;
import io.micrometer.statsd.StatsdConfig;
import io.micrometer.statsd.StatsdFlavor;
import io.micrometer.statsd.StatsdMeterRegistry;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.SocketException;
import java.util.List;
import java.util.Map;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One StatsD interval of 10,000 series (5,000 request counters and 5,000 latency timers,
 * 250 routes × 2 methods × 10 statuses), each seeing 10 events, from recording to the wire.
 *
 * <p>The libraries work differently, so each does what it needs to get that interval to StatsD:
 * Micrometer's StatsD registry writes one line per event as it is recorded (here into a line sink
 * that counts characters, so its own transport costs nothing); gatewatch records into its store,
 * then one flush takes a snapshot, computes the interval's deltas and sends count, sum, max and
 * percentile lines per series, packed into real UDP datagrams to a loopback socket.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Threads(1)
@State(Scope.Benchmark)
public class StatsdFlushBenchmark {
    private static final int ROUTES = 250;
    private static final String[] METHODS = {"GET", "POST"};
    private static final String[] STATUSES = {"200", "201", "204", "301", "400", "401", "404", "429", "500", "503"};
    private static final int SERIES = ROUTES * METHODS.length * STATUSES.length;
    private static final int EVENTS = 10;

    private final Workload w = new Workload();
    private DatagramSocket daemon;
    private Thread drain;
    private MetricStore store;
    private Counter[] gwCounters;
    private Histogram[] gwTimers;
    private StatsdExporter exporter;
    private final DeltaTracker deltas = new DeltaTracker();
    private StatsdMeterRegistry micrometer;
    private io.micrometer.core.instrument.Counter[] mmCounters;
    private io.micrometer.core.instrument.Timer[] mmTimers;
    private long micrometerChars;
    private long micrometerLines;

    @Setup(Level.Trial)
    public void setUp() throws SocketException {
        daemon = new DatagramSocket(0, InetAddress.getLoopbackAddress());
        daemon.setReceiveBufferSize(8 << 20);
        drain = new Thread(() -> {
            byte[] buf = new byte[65_536];
            DatagramPacket p = new DatagramPacket(buf, buf.length);
            while (!daemon.isClosed()) {
                try {
                    daemon.receive(p);
                } catch (java.io.IOException closed) {
                    return;
                }
            }
        }, "statsd-sink");
        drain.setDaemon(true);
        drain.start();

        store = new MetricStore(StoreSettings.defaults("bench").withJvmMetrics(false).withMaxSeries(20_000));
        var counters = store.meters().counter("route.requests", "Requests", Unit.NONE, "route", "method", "status");
        var timers = store.meters().histogram("route.duration", "Latency", Unit.SECONDS, Workload.BUCKETS_NANOS,
                "route", "method", "status");
        StatsdSettings settings = StatsdSettings.from(ConfigFactory.parseMap(Map.of(
                "host", "127.0.0.1", "port", daemon.getLocalPort(), "queue-size", 100_000))
                .withFallback(ConfigFactory.defaultReference().getConfig(StatsdSettings.PATH)));
        // the exporter reports its health every interval: recording that would cost the benchmark
        exporter = new StatsdExporter(settings, TestPluginContext.over(store).withoutHealthRecords());

        micrometer = StatsdMeterRegistry.builder(new StatsdConfig() {
            @Override
            public String get(String key) {
                return null;
            }

            @Override
            public StatsdFlavor flavor() {
                return StatsdFlavor.DATADOG;
            }

            @Override
            public boolean buffered() {
                return false;
            }
        }).clock(Clock.SYSTEM).lineSink(line -> {
            micrometerChars += line.length();
            micrometerLines++;
        }).build();

        gwCounters = new Counter[SERIES];
        gwTimers = new Histogram[SERIES];
        mmCounters = new io.micrometer.core.instrument.Counter[SERIES];
        mmTimers = new io.micrometer.core.instrument.Timer[SERIES];
        int i = 0;
        for (int r = 0; r < ROUTES; r++) {
            for (String m : METHODS) {
                for (String s : STATUSES) {
                    String route = "route-" + r;
                    gwCounters[i] = counters.labels(route, m, s);
                    gwTimers[i] = timers.labels(route, m, s);
                    mmCounters[i] = micrometer.counter("gateway.route.requests", "route", route, "method", m, "status", s);
                    mmTimers[i] = micrometer.timer("gateway.route.duration", "route", route, "method", m, "status", s);
                    i++;
                }
            }
        }
        SendReport report = gatewatchInterval();
        System.out.printf("%nstatsd interval: gatewatch %d lines, %d bytes in %d datagrams; micrometer %d lines, %d chars%n",
                report.lines(), report.bytes(), report.datagrams(), micrometerInterval() == 0 ? 0 : micrometerLines,
                micrometerChars);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        exporter.close();
        micrometer.close();
        daemon.close();
    }

    @Benchmark
    public SendReport gatewatchInterval() {
        int s = 0;
        for (int i = 0; i < gwCounters.length; i++) {
            for (int e = 0; e < EVENTS; e++) {
                gwCounters[i].increment();
                gwTimers[i].record(w.totalNanos[(s++) & (Workload.SAMPLES - 1)]);
            }
        }
        DeltaTracker.Delta delta = deltas.delta(store.snapshot(System.currentTimeMillis(), List.of()));
        SendReport report = exporter.send(delta.interval());
        deltas.commit(delta);
        return report;
    }

    @Benchmark
    public long micrometerInterval() {
        micrometerLines = 0;
        micrometerChars = 0;
        int s = 0;
        for (int i = 0; i < mmCounters.length; i++) {
            for (int e = 0; e < EVENTS; e++) {
                mmCounters[i].increment();
                mmTimers[i].record(w.totalNanos[(s++) & (Workload.SAMPLES - 1)], TimeUnit.NANOSECONDS);
            }
        }
        return micrometerLines;
    }
}
