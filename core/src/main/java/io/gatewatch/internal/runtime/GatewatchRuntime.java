package io.gatewatch.internal.runtime;

import com.google.inject.Injector;
import io.gatewatch.api.GatewayMetrics;
import io.gatewatch.api.HealthView;
import io.gatewatch.api.Meters;
import io.gatewatch.api.RuntimeInfo;
import io.gatewatch.internal.config.CoreSettings;
import io.gatewatch.internal.health.HealthRegistry;
import io.gatewatch.internal.store.MetricStore;
import io.gatewatch.snapshot.Snapshot;
import io.gatewatch.spi.Lifecycle;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A started gatewatch: what the public handle delegates to, and the one place that knows the
 * shutdown order (readiness down, drain, flush exporters, close listeners).
 */
public final class GatewatchRuntime implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(GatewatchRuntime.class);
    /** How long one exporter's final export, flush and close may take at shutdown. */
    static final Duration EXPORTER_SHUTDOWN_TIMEOUT = Duration.ofSeconds(10);

    private final CoreSettings settings;
    private final RuntimeState state;
    private final MetricStore store;
    private final SnapshotService snapshots;
    private final HealthRegistry health;
    private final ScheduledExecutorService scheduler;
    private final Lifecycles lifecycles;
    private final List<ExporterRunner> exporters;
    private final Injector injector;
    private final Map<String, Injector> pluginInjectors;
    private final ShutdownHook shutdownHook = new ShutdownHook(this::close);
    private final AtomicBoolean closing = new AtomicBoolean();
    private final CountDownLatch closed = new CountDownLatch(1);
    private volatile Thread closingThread;

    GatewatchRuntime(CoreSettings settings, RuntimeState state, MetricStore store, SnapshotService snapshots,
                     HealthRegistry health, ScheduledExecutorService scheduler, Lifecycles lifecycles,
                     List<ExporterRunner> exporters, Injector injector, Map<String, Injector> pluginInjectors) {
        this.settings = settings;
        this.state = state;
        this.store = store;
        this.snapshots = snapshots;
        this.health = health;
        this.scheduler = scheduler;
        this.lifecycles = lifecycles;
        this.exporters = List.copyOf(exporters);
        this.injector = injector;
        this.pluginInjectors = Map.copyOf(pluginInjectors);
    }

    void start() {
        try {
            health.start();
            lifecycles.startAll();
            exporters.forEach(ExporterRunner::start);
            watchOverdueExports();
        } catch (RuntimeException | Error e) {
            // lifecycles already stopped what they started; release the rest
            exporters.forEach(ExporterRunner::abandon);
            health.close();
            scheduler.shutdownNow();
            state.set(RuntimeInfo.State.STOPPED);
            throw e;
        }
        if (settings.shutdownHook()) {
            shutdownHook.register();
        }
        state.set(RuntimeInfo.State.RUNNING);
        LOG.atInfo().addKeyValue("version", state.version()).addKeyValue("node_id", state.nodeId())
                .addKeyValue("push_exporters", exporters.size()).log("gatewatch started");
    }

    /**
     * Looks a few times per shortest interval for an export that has not returned within its
     * interval, so a hung backend shows as degraded while the export is still stuck.
     */
    private void watchOverdueExports() {
        if (exporters.isEmpty()) {
            return;
        }
        long shortest = exporters.stream().mapToLong(e -> e.interval().toMillis()).min().orElse(1000);
        long period = Math.max(10, Math.min(1000, shortest / 4));
        scheduler.scheduleWithFixedDelay(() -> {
            for (ExporterRunner exporter : exporters) {
                try {
                    exporter.checkOverdue();
                } catch (RuntimeException e) {
                    LOG.atWarn().addKeyValue("exporter", exporter.name()).setCause(e).log("overdue check failed");
                }
            }
        }, period, period, TimeUnit.MILLISECONDS);
    }

    public GatewayMetrics metrics() {
        return store.gatewayMetrics();
    }

    public Meters meters() {
        return store.meters();
    }

    public Snapshot snapshot() {
        return snapshots.snapshot();
    }

    public HealthView health() {
        return health;
    }

    public RuntimeInfo runtime() {
        return state;
    }

    public CoreSettings settings() {
        return settings;
    }

    /** Core's injector, the parent of every plugin's, for core's own tests of the wiring. */
    Injector injector() {
        return injector;
    }

    /** One plugin's own injector (or {@code host}'s), for core's own tests of the wiring. */
    Injector injector(String plugin) {
        return pluginInjectors.get(plugin);
    }

    ShutdownHook shutdownHook() {
        return shutdownHook;
    }

    /**
     * Readiness turns unready, the drain delay passes, lifecycles that stop after the drain stop,
     * push exporters export and flush a last time, then the remaining lifecycles (listeners)
     * close. A second call waits for the first to finish and returns.
     */
    @Override
    public void close() {
        if (!closing.compareAndSet(false, true)) {
            awaitClosed();
            return;
        }
        closingThread = Thread.currentThread();
        try {
            state.set(RuntimeInfo.State.DRAINING);
            drain(settings.drainDelay());
            lifecycles.stop(Lifecycle.StopPhase.AFTER_DRAIN);
            exporters.forEach(ExporterRunner::beginShutdown);
            for (ExporterRunner exporter : exporters) {
                exporter.awaitShutdown(EXPORTER_SHUTDOWN_TIMEOUT);
            }
            lifecycles.stop(Lifecycle.StopPhase.AFTER_FLUSH);
        } finally {
            health.close();
            scheduler.shutdownNow();
            state.set(RuntimeInfo.State.STOPPED);
            shutdownHook.unregister();
            closed.countDown();
            LOG.atInfo().addKeyValue("node_id", state.nodeId()).log("gatewatch stopped");
        }
    }

    private void awaitClosed() {
        if (Thread.currentThread() == closingThread) {
            return;   // a lifecycle's stop() closing gatewatch again must not wait for itself
        }
        try {
            closed.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void drain(Duration delay) {
        if (delay.isZero()) {
            return;
        }
        try {
            Thread.sleep(delay.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();   // keep closing, just without the rest of the delay
        }
    }
}
