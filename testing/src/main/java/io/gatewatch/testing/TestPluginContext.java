package io.gatewatch.testing;

import io.gatewatch.api.Meters;
import io.gatewatch.internal.store.MetricStore;
import io.gatewatch.snapshot.Labels;
import io.gatewatch.snapshot.Snapshot;
import io.gatewatch.spi.PluginContext;
import io.gatewatch.spi.SnapshotSource;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What core hands a plugin, for tests that build a plugin's module or components without the
 * runtime. Either over a real {@link MetricStore} ({@link #over(MetricStore)}: self-metrics and
 * snapshots come from the store), or with {@link RecordingMeters} and empty snapshots
 * ({@link #standalone()}). Health reports are recorded (unless a benchmark says otherwise); threads
 * it makes are remembered.
 */
public final class TestPluginContext implements PluginContext {
    private final MetricStore store;
    private final RecordingMeters recordingMeters;
    private volatile RecordingHealth health = new RecordingHealth();
    private final List<Thread> threads = new CopyOnWriteArrayList<>();
    private volatile Clock clock = Clock.systemUTC();
    private volatile TestRuntime runtime = new TestRuntime();

    private TestPluginContext(MetricStore store, RecordingMeters recordingMeters) {
        this.store = store;
        this.recordingMeters = recordingMeters;
    }

    /** Self-metrics and snapshots from this store. */
    public static TestPluginContext over(MetricStore store) {
        return new TestPluginContext(store, null);
    }

    /** Self-metrics recorded by {@link RecordingMeters}; snapshots hold no metrics. */
    public static TestPluginContext standalone() {
        return new TestPluginContext(null, new RecordingMeters());
    }

    /** The system UTC clock unless set; a {@link ManualClock} also drives {@link #nanoTime()}. */
    public TestPluginContext clock(Clock clock) {
        this.clock = clock;
        return this;
    }

    public TestPluginContext runtime(TestRuntime runtime) {
        this.runtime = runtime;
        return this;
    }

    /** Health reports are dropped: see {@link RecordingHealth#keepingNothing()}. */
    public TestPluginContext withoutHealthRecords() {
        this.health = RecordingHealth.keepingNothing();
        return this;
    }

    /** The store behind this context; fails for a {@link #standalone()} one. */
    public MetricStore store() {
        if (store == null) {
            throw new IllegalStateException("a standalone test context has no metric store");
        }
        return store;
    }

    /** The recorded self-metrics; fails for a context {@link #over(MetricStore)} a store. */
    public RecordingMeters meters() {
        if (recordingMeters == null) {
            throw new IllegalStateException("self-metrics go to the metric store: read them from a snapshot");
        }
        return recordingMeters;
    }

    /** A snapshot taken now (by this context's clock). */
    public Snapshot snapshot() {
        return snapshots().snapshot();
    }

    /** Every thread made by {@link #threadFactory(String)}, oldest first. */
    public List<Thread> threads() {
        return List.copyOf(threads);
    }

    @Override
    public Clock clock() {
        return clock;
    }

    @Override
    public long nanoTime() {
        return clock instanceof ManualClock manual ? manual.nanoTime() : System.nanoTime();
    }

    @Override
    public ThreadFactory threadFactory(String name) {
        AtomicInteger n = new AtomicInteger();
        return task -> {
            Thread thread = new Thread(task, "gatewatch-" + name + "-" + n.incrementAndGet());
            thread.setDaemon(true);
            threads.add(thread);
            return thread;
        };
    }

    @Override
    public Meters selfMetrics() {
        return store != null ? store.selfMetrics() : recordingMeters;
    }

    @Override
    public RecordingHealth health() {
        return health;
    }

    @Override
    public SnapshotSource snapshots() {
        if (store != null) {
            return () -> store.snapshot(clock.millis(), List.of());
        }
        return () -> new Snapshot(clock.millis(), runtime.nodeId(), Labels.EMPTY, List.of());
    }

    @Override
    public TestRuntime runtime() {
        return runtime;
    }

    @Override
    public String metricPrefix() {
        return "gateway";
    }
}
