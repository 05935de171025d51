package io.gatewatch.vitals.internal;

import io.gatewatch.api.Counter;
import io.gatewatch.api.Meters;
import io.gatewatch.api.Unit;
import io.gatewatch.spi.HealthReporter;
import io.gatewatch.spi.Lifecycle;
import java.net.InetAddress;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadFactory;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes this node's points to the shared store from a thread of its own ({@code gatewatch-vitals-store-N}):
 * the sampler only {@link #accept offers} a point to the bounded {@link PointBuffer} and goes on.
 * The thread migrates the schema and registers the node (a new node id every start), then writes
 * batches; when the database is slow or down, points wait in the buffer and go out later with
 * their own timestamps. Points that fall out of the full buffer are counted in
 * {@code gatewatch.vitals.dropped.points} and reported to {@code /status}.
 *
 * <p>Health component {@code vitals-store}: healthy while batches are written; an error (degraded,
 * then down past the failure threshold) while the schema cannot be prepared, a batch fails, or
 * points were dropped since the last report.
 */
public final class SharedStoreWriter implements Lifecycle, Consumer<StoredPoint> {
    private static final Logger LOG = LoggerFactory.getLogger(SharedStoreWriter.class);
    private static final long MAX_BACKOFF_MILLIS = 5_000;

    private final PostgresStore store;
    private final PointBuffer buffer;
    private final Clock clock;
    private final DaemonLoop loop;
    private final HealthReporter.Component health;
    private final UUID nodeId;
    private final java.util.function.Supplier<NodeIdentity> identity;
    private final Counter written;
    private final Counter droppedCounter;
    private final Counter recorded;
    private boolean healthy;
    private final RetentionCleaner cleaner;
    private volatile int nodeKey = -1;
    private long droppedReported;
    private long writtenTotal;

    /** Who this node is in the store: a fresh id per start, with the names a person recognises. */
    record NodeIdentity(String name, String hostname, String version) {
        static String localHostname() {
            try {
                return InetAddress.getLocalHost().getHostName();
            } catch (java.io.IOException e) {
                return "unknown";
            }
        }
    }

    /**
     * @param nodeId   this start's id in the store (a restart is a new node)
     * @param identity the names to register, read when the writer starts (the node id is known by then)
     */
    SharedStoreWriter(PostgresStore store, UUID nodeId, java.util.function.Supplier<NodeIdentity> identity, Clock clock,
                      ThreadFactory threads, HealthReporter.Component health, Meters meters, RetentionCleaner cleaner) {
        this.store = store;
        this.buffer = new PointBuffer(store.settings().bufferSize());
        this.nodeId = nodeId;
        this.identity = identity;
        this.clock = clock;
        this.loop = new DaemonLoop(threads, Duration.ofSeconds(5));
        this.health = health;
        this.cleaner = cleaner;
        this.written = meters.counter("gatewatch.vitals.written.points",
                "Vitals points written to the shared store").labels();
        this.recorded = meters.counter("gatewatch.vitals.recorded.points",
                "Vitals points handed to the shared store's writer (written, dropped or still buffered)").labels();
        this.droppedCounter = meters.counter("gatewatch.vitals.dropped.points",
                "Vitals points that fell out of the full buffer while the shared store was slow or down").labels();
        meters.gauge("gatewatch.vitals.buffered.points", "Vitals points waiting to be written to the shared store",
                Unit.NONE, () -> buffer.size());
    }

    @Override
    public String name() {
        return "vitals-store";
    }

    @Override
    public void accept(StoredPoint point) {
        recorded.increment();
        buffer.offer(point);
    }

    PointBuffer buffer() {
        return buffer;
    }

    /** Points written so far by this node. */
    synchronized long writtenTotal() {
        return writtenTotal;
    }

    @Override
    public void start() {
        loop.start(this::run);
    }

    @Override
    public void stop() {
        loop.stop();
        // the node's account of its points, for an operator (and a test) to check against the database
        LOG.atInfo().addKeyValue("node_id", nodeId).addKeyValue("recorded", buffer.offered())
                .addKeyValue("written", writtenTotal()).addKeyValue("dropped", buffer.dropped())
                .addKeyValue("unwritten", buffer.size())
                .log("vitals store stopped: recorded={} written={} dropped={} unwritten={}", buffer.offered(),
                        writtenTotal(), buffer.dropped(), buffer.size());
        store.close();
    }

    @Override
    public StopPhase stopPhase() {
        return StopPhase.AFTER_DRAIN;
    }

    private void run() {
        long backoff = 250;
        while (loop.running()) {
            try {
                if (nodeKey < 0) {
                    prepare();
                    backoff = 250;
                }
                if (!writeOnce(500)) {
                    cleaner.maybeRun();
                }
                reportDrops();
                backoff = 250;
            } catch (InterruptedException e) {
                break;
            } catch (SQLException | RuntimeException e) {
                String why = describe(e);
                healthy = false;
                health.error(why);
                reportDrops();
                LOG.atWarn().addKeyValue("buffered", buffer.size()).log("vitals store: {}", why);
                try {
                    Thread.sleep(backoff);
                } catch (InterruptedException stop) {
                    break;
                }
                backoff = Math.min(MAX_BACKOFF_MILLIS, backoff * 2);
            }
        }
        flushOnStop();
    }

    /** Writes what is left, once, so a clean stop loses none of the last seconds. */
    private void flushOnStop() {
        if (nodeKey < 0) {
            return;
        }
        try {
            while (buffer.size() > 0 && writeOnce(0)) {
                // drain
            }
        } catch (InterruptedException | SQLException | RuntimeException e) {
            LOG.atWarn().log("vitals store: {} points not written at stop: {}", buffer.size(), describe(e));
        }
    }

    private void prepare() throws SQLException {
        store.migrate();
        NodeIdentity node = identity.get();
        nodeKey = store.register(nodeId, node.name(), node.hostname(), node.version(), clock.millis());
        healthy = true;
        health.ok("schema ready; node " + nodeId + " registered");
        LOG.atInfo().addKeyValue("node_id", nodeId).log("vitals store: schema ready, node registered");
    }

    /** Writes one batch; false when nothing was waiting. A failed batch goes back to the buffer. */
    private boolean writeOnce(long waitMillis) throws InterruptedException, SQLException {
        List<StoredPoint> batch = buffer.take(store.settings().batchSize(), waitMillis);
        if (batch.isEmpty()) {
            return false;
        }
        try {
            store.write(nodeKey, batch, clock.millis());
        } catch (SQLException | RuntimeException e) {
            buffer.putBack(batch);
            throw e;
        }
        written.add(batch.size());
        synchronized (this) {
            writtenTotal += batch.size();
        }
        return true;
    }

    /** Counts what fell out of the buffer since the last call, and reports it (else a recovery) to /status. */
    private void reportDrops() {
        long dropped = buffer.dropped();
        if (dropped > droppedReported) {
            droppedCounter.add(dropped - droppedReported);
            healthy = false;
            health.error((dropped - droppedReported) + " points dropped: the buffer of " + store.settings().bufferSize()
                    + " was full while the database was slow or down (" + dropped + " since start)");
            droppedReported = dropped;
        } else if (!healthy && nodeKey >= 0 && buffer.size() < store.settings().batchSize()) {
            healthy = true;
            health.ok("writing; " + writtenTotal() + " points written");
        }
    }

    /**
     * What went wrong in one line: the innermost cause (the driver's own words: refused, password
     * authentication failed, permission denied) and, when it says more, the outermost (the pool's
     * or Flyway's step), with the password scrubbed.
     */
    private String describe(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String inner = firstLine(root);
        String outer = firstLine(e);
        String message = store.settings().url() + ": "
                + (root == e || outer.contains(inner) ? outer : inner + " (" + outer + ")");
        return store.settings().password().scrub(message.length() > 400 ? message.substring(0, 400) + "..." : message);
    }

    private static String firstLine(Throwable t) {
        String m = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage().strip();
        int newline = m.indexOf('\n');
        return newline < 0 ? m : m.substring(0, newline).strip();
    }
}
