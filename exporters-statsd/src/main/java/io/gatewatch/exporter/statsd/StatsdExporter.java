package io.gatewatch.exporter.statsd;

import io.gatewatch.api.RuntimeInfo;
import io.gatewatch.snapshot.Labels;
import io.gatewatch.snapshot.MetricFamily;
import io.gatewatch.snapshot.MetricType;
import io.gatewatch.snapshot.Point;
import io.gatewatch.snapshot.Snapshot;
import io.gatewatch.spi.HealthReporter;
import io.gatewatch.spi.PluginContext;
import io.gatewatch.spi.PushExporter;
import io.gatewatch.spi.support.DeltaTracker;
import java.io.IOException;
import java.net.PortUnreachableException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Pushes each interval to a StatsD, DogStatsD or Telegraf daemon over UDP: counters as the delta
 * since the last successful send, gauges as they are, histograms as count, sum, max and
 * percentiles (see {@link SeriesWriter}), packed into datagrams of at most
 * {@code max-packet-size} bytes.
 *
 * <pre>{@code
 * StatsdExporter exporter = new StatsdExporter(StatsdSettings.from(config), context);
 * exporter.export(context.snapshots().snapshot());   // core does this every interval
 * exporter.close();                                  // sends the last interval once
 * }</pre>
 *
 * <p><b>Contract.</b> Core calls {@link #export} single-flight on the exporter's own thread.
 * A failed send keeps the unsent series' deltas for the next interval, counts the error in
 * {@code gatewatch.statsd.errors}, reports component {@value #HEALTH_COMPONENT} and then
 * throws, so core marks the exporter degraded; the next good send reports healthy again.
 * Nothing here ever runs on a recording thread. After {@link #close()} nothing is sent.
 */
public final class StatsdExporter implements PushExporter {
    /** The health component that tells what the network said about the datagrams. */
    public static final String HEALTH_COMPONENT = "statsd.transport";

    private final StatsdSettings settings;
    private final PluginContext context;
    private final DatagramTransport transport;
    private final DatagramPacker packer;
    private final SeriesWriter writer;
    private final LineBuffer block = new LineBuffer(512);
    private final DeltaTracker deltas = new DeltaTracker();
    private final StatsdSelfMetrics self;
    private final HealthReporter.Component health;
    /** Core never calls close() while an export runs, and nothing after it: no lock needed here. */
    private boolean closed;
    /** The last export ran after shutdown began: it was core's final one. */
    private boolean exportedWhileStopping;
    private Labels lastCommonTags;
    private Labels commonTags = Labels.EMPTY;
    /** Series the last export could not send and kept for the next one. */
    private int kept;

    /** Opens nothing: the socket is opened by the first send. */
    public StatsdExporter(StatsdSettings settings, PluginContext context) {
        this(settings, context, DogStatsdClientTransport.isUnixAddress(settings.host())
                ? new DogStatsdClientTransport(settings.host(), settings.maxPacketSize(), settings.queueSize(),
                        context.threadFactory("statsd"))
                : new UdpTransport(settings.host(), settings.port()));
    }

    StatsdExporter(StatsdSettings settings, PluginContext context, DatagramTransport transport) {
        this.settings = settings;
        this.context = context;
        this.transport = transport;
        this.packer = new DatagramPacker(transport, settings.maxPacketSize(), settings.queueSize());
        String prefix = settings.prefix() != null ? settings.prefix() : context.metricPrefix();
        this.writer = new SeriesWriter(LineFormatter.of(settings.flavor()), prefix, labels(settings.tags()));
        this.self = new StatsdSelfMetrics(context.selfMetrics());
        this.health = context.health().component(HEALTH_COMPONENT);
    }

    @Override
    public String name() {
        return "statsd";
    }

    @Override
    public Duration interval() {
        return settings.interval();
    }

    /**
     * Sends the interval since the last successful send and commits what arrived.
     *
     * @throws IOException when the daemon refused datagrams, the host did not resolve or the
     *                     socket failed; what did not arrive is sent with the next interval
     */
    @Override
    public void export(Snapshot snapshot) throws IOException {
        if (!closed) {
            exportLocked(snapshot);
        }
    }

    private void exportLocked(Snapshot snapshot) throws IOException {
        RuntimeInfo.State state = context.runtime().state();
        exportedWhileStopping = state == RuntimeInfo.State.DRAINING || state == RuntimeInfo.State.STOPPED;
        DeltaTracker.Delta delta = deltas.delta(snapshot);
        SendReport report = sendLocked(delta.interval(), settings.interval().toNanos() / 4);
        kept = report.series() - report.undeliveredFrom();
        if (report.complete()) {
            deltas.commit(delta);
        } else {
            deltas.commit(Baselines.partial(delta, report.undeliveredFrom()));
            self.deferred.add(report.series() - report.undeliveredFrom());
        }
        if (report.failure() != null) {
            String message = "send to " + transport.describe() + " failed: " + describe(report.failure())
                    + "; " + (report.series() - report.undeliveredFrom()) + " series kept for the next interval";
            health.error(message);
            throw new IOException(message, report.failure());
        }
        if (packer.lateRefusal() instanceof DogStatsdClientTransport.AsyncSendErrors async) {
            health.error(async.getMessage());
        } else if (packer.lateRefusal() != null) {
            health.error("the daemon at " + transport.describe() + " refused the last datagram of the previous"
                    + " interval; " + packer.refusedAfterCommit() + " lines lost");
        } else {
            health.ok("sent " + report.lines() + " lines in " + report.datagrams() + " datagrams to "
                    + transport.describe());
        }
    }

    /**
     * Formats and sends one interval snapshot as it is (no delta, no commit) at full speed,
     * without the pauses {@link #export} makes between bursts: the entry point for benchmarks.
     * Allocates nothing per series once its buffers have grown, apart from one copy of the bucket
     * bounds per histogram family. Like every call, not concurrently with {@link #export}.
     */
    public SendReport send(Snapshot interval) {
        return sendLocked(interval, 0);
    }

    /** Pauses the last send made between bursts, so tests can check the pacing arithmetic. */
    int pausesOfLastSend() {
        return packer.pauses();
    }

    /** @param pacingBudgetNanos how long sending may pause to let the daemon keep up (see {@link DatagramPacker}) */
    private SendReport sendLocked(Snapshot interval, long pacingBudgetNanos) {
        long start = context.nanoTime();
        Labels common = commonTags(interval.commonTags());
        packer.begin(pacingBudgetNanos);
        int index = 0;
        boolean going = true;
        List<MetricFamily> families = interval.families();
        for (int f = 0; f < families.size() && going; f++) {
            MetricFamily family = families.get(f);
            long[] bounds = family.descriptor().type() == MetricType.HISTOGRAM
                    ? family.descriptor().bucketBounds() : null;
            String name = writer.name(family.descriptor());
            List<Point> points = family.points();
            for (int i = 0; i < points.size(); i++, index++) {
                block.reset();
                int lines = writer.write(block, name, family.descriptor(), bounds, points.get(i), common);
                if (lines > 0 && !packer.add(index, block, lines)) {
                    going = false;
                    break;
                }
            }
        }
        int series = interval.seriesCount();
        if (going) {
            packer.finish();
        }
        account();
        self.flushDuration.record(context.nanoTime() - start);
        return new SendReport(series, packer.datagrams(), packer.lines(), packer.bytes(),
                Math.min(series, packer.undeliveredFrom()), packer.failure());
    }

    /**
     * The snapshot's common tags without those the exporter's own {@code tags} set again (its
     * value wins). Recomputed only when the common tags change, which they normally never do.
     */
    private Labels commonTags(Labels fromSnapshot) {
        if (fromSnapshot != lastCommonTags) {
            List<String> names = new java.util.ArrayList<>();
            List<String> values = new java.util.ArrayList<>();
            for (int i = 0; i < fromSnapshot.size(); i++) {
                if (!settings.tags().containsKey(fromSnapshot.name(i))) {
                    names.add(fromSnapshot.name(i));
                    values.add(fromSnapshot.value(i));
                }
            }
            lastCommonTags = fromSnapshot;
            commonTags = Labels.of(names, values);
        }
        return commonTags;
    }

    private void account() {
        self.datagrams.add(packer.datagrams());
        self.lines.add(packer.lines());
        self.bytes.add(packer.bytes());
        self.droppedOversize.add(packer.oversizeLines());
        if (packer.lateRefusal() instanceof DogStatsdClientTransport.AsyncSendErrors async) {
            self.errorsIo.add(async.count);
        } else if (packer.lateRefusal() != null) {
            self.errorsRefused.increment();
            self.droppedRefused.add(packer.refusedAfterCommit());
        }
        IOException failure = packer.failure();
        if (failure instanceof PortUnreachableException) {
            self.errorsRefused.increment();
        } else if (failure instanceof UnknownHostException) {
            self.errorsUnresolved.increment();
        } else if (failure != null) {
            self.errorsIo.increment();
        }
    }

    /** Nothing is buffered between intervals: every export sends or keeps its deltas. */
    @Override
    public void flush() {
    }

    /**
     * Sends the last interval once (what was recorded since the last successful send), then
     * closes the socket. Core's shutdown already exports a final snapshot just before; then, and
     * when core gives up on a start-up, nothing more is sent. Idempotent; never throws. Core
     * never calls it while an export runs (it waits, bounded, for the export to return, and
     * otherwise leaves the close to that export's return), so it needs no lock of its own.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        if (lastInterval()) {
            try {
                exportLocked(context.snapshots().snapshot());
            } catch (Exception e) {
                // the error is counted by the export itself; what it kept now never goes out
                self.unsentAtClose.add(kept);
            }
        }
        closed = true;
        transport.close();
    }

    /** Whether close still has to send: not after core's own final export, not when start-up failed. */
    private boolean lastInterval() {
        RuntimeInfo.State state = context.runtime().state();
        return state != RuntimeInfo.State.STARTING && !exportedWhileStopping;
    }

    private static String describe(Exception e) {
        if (e instanceof PortUnreachableException) {
            return "port unreachable (is the daemon running?)";
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    private static Labels labels(Map<String, String> tags) {
        return Labels.of(List.copyOf(tags.keySet()), List.copyOf(tags.values()));
    }
}
