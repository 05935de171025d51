package io.gatewatch.internal.health;

import io.gatewatch.api.HealthStatus;
import io.gatewatch.api.HealthView;
import io.gatewatch.api.Probe;
import io.gatewatch.api.RuntimeInfo;
import io.gatewatch.spi.HealthCheck;
import io.gatewatch.spi.HealthReporter;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The health registry: runs checks in the background with time limits, keeps each component's
 * last N records, and answers probes from that cache. Probes never run a check, so a flood of
 * probes costs a few map reads and runs no check more often than its interval.
 */
public final class HealthRegistry implements HealthView, HealthReporter, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(HealthRegistry.class);

    private final Clock clock;
    private final int recordsKept;
    private final FailureThresholds thresholds;
    private final Set<String> readinessNames;
    private final Supplier<RuntimeInfo.State> state;
    private final Map<String, ComponentState> components = new ConcurrentSkipListMap<>();
    private final List<CheckRunner> runners = new CopyOnWriteArrayList<>();
    private final List<Listener> listeners = new CopyOnWriteArrayList<>();
    private final ScheduledExecutorService timer;
    private final ExecutorService workers;

    /**
     * @param recordsKept    records kept per component for {@code /status}
     * @param thresholds     errors in a row before a component is down
     * @param readinessNames components that count for readiness, or {@code null} for every check
     *                       that declares {@link Probe#READINESS}
     * @param threads        makes the daemon threads for the ticker and the check runs
     */
    public HealthRegistry(Clock clock, int recordsKept, FailureThresholds thresholds, Set<String> readinessNames,
                          Supplier<RuntimeInfo.State> state, ThreadFactory threads) {
        this.clock = clock;
        this.recordsKept = recordsKept;
        this.thresholds = thresholds;
        this.readinessNames = readinessNames == null ? null : Set.copyOf(readinessNames);
        this.state = state;
        this.timer = Executors.newSingleThreadScheduledExecutor(threads);
        this.workers = Executors.newCachedThreadPool(threads);
    }

    /** Adds a check; its component exists (down, no records) until the first run. */
    public void register(HealthCheck check) {
        if (check.interval() == null || check.interval().toMillis() < 1 || check.timeout() == null
                || check.timeout().toMillis() < 1) {
            throw new IllegalArgumentException("health check '" + check.name() + "' needs a positive interval and "
                    + "timeout, has " + check.interval() + " and " + check.timeout());
        }
        ComponentState component = new ComponentState(check.name(), check.probes(), check.degradedFailsReadiness(),
                recordsKept, thresholds.forComponent(check.name()));
        if (components.putIfAbsent(check.name(), component) != null) {
            throw new IllegalArgumentException("two health components are named '" + check.name() + "'");
        }
        runners.add(new CheckRunner(check, component, this, clock));
    }

    /** Starts the background ticking: each check runs at once, then every interval. */
    public void start() {
        if (runners.isEmpty()) {
            return;   // reported components need no ticking
        }
        long shortest = runners.stream().mapToLong(CheckRunner::intervalMillis).min().orElse(1000);
        // ticks a few times per shortest interval, so a check runs at most one tick late
        long tick = Math.max(20, Math.min(500, shortest / 5));
        timer.scheduleWithFixedDelay(() -> {
            try {
                runDue();
            } catch (RuntimeException e) {
                LOG.error("health ticking failed", e);
            }
        }, 0, tick, TimeUnit.MILLISECONDS);
    }

    /**
     * Starts every check that is due by the clock. The ticker calls it; tests with a manual
     * clock call it directly.
     *
     * @return completes when the runs it started are recorded (result or timeout)
     */
    public CompletableFuture<Void> runDue() {
        List<CompletableFuture<Void>> started = new ArrayList<>();
        for (CheckRunner runner : runners) {
            started.add(runner.runIfDue(workers, timer));
        }
        return CompletableFuture.allOf(started.toArray(CompletableFuture[]::new));
    }

    @Override
    public Component component(String name) {
        ComponentState component = reported(name);
        return new Component() {
            @Override
            public void ok(String message) {
                record(component, ComponentState.Verdict.OK, message, Map.of());
            }

            @Override
            public void error(String message) {
                record(component, ComponentState.Verdict.ERROR, message, Map.of());
            }
        };
    }

    /**
     * Lists a reported component from now on, healthy with {@code message} until its first
     * record: core declares every push exporter at start-up so none is missing from {@code /status}.
     */
    public void declare(String name, String message) {
        reported(name).declare(message);
    }

    /** Records that the component's work is still running past its due time: degraded at once. */
    public void overdue(String name, String message) {
        record(reported(name), ComponentState.Verdict.OVERDUE, message, Map.of());
    }

    private ComponentState reported(String name) {
        return components.computeIfAbsent(name,
                n -> new ComponentState(n, Set.of(), false, recordsKept, thresholds.forComponent(n)));
    }

    void record(ComponentState component, ComponentState.Verdict verdict, String message, Map<String, Object> data) {
        HealthStatus before = component.record(clock.millis(), verdict, message, data);
        HealthStatus after = component.status();
        if (before != after) {
            LOG.atInfo().addKeyValue("component", component.name()).addKeyValue("from", before.label())
                    .addKeyValue("to", after.label()).addKeyValue("reason", message).log("health changed");
            for (Listener listener : listeners) {
                try {
                    listener.onTransition(component.name(), before, after);
                } catch (RuntimeException e) {
                    LOG.atWarn().addKeyValue("listener", listener.getClass().getName()).setCause(e).log("health listener failed");
                }
            }
        }
    }

    @Override
    public List<ComponentHealth> components() {
        List<ComponentHealth> out = new ArrayList<>(components.size());
        for (ComponentState c : components.values()) {
            if (c.shown()) {
                out.add(c.view());
            }
        }
        return out;
    }

    @Override
    public HealthStatus overall() {
        boolean allHealthy = true;
        boolean allDown = true;
        for (ComponentState c : components.values()) {
            if (!c.shown()) {
                continue;
            }
            HealthStatus s = c.status();
            allHealthy &= s == HealthStatus.HEALTHY;
            allDown &= s == HealthStatus.DOWN;
        }
        if (allHealthy) {
            return HealthStatus.HEALTHY;
        }
        return allDown ? HealthStatus.DOWN : HealthStatus.DEGRADED;
    }

    @Override
    public ProbeReport probe(Probe probe) {
        List<ComponentHealth> counted = new ArrayList<>();
        boolean up = true;
        boolean degraded = false;
        for (ComponentState c : components.values()) {
            if (!countsFor(c, probe)) {
                continue;
            }
            ComponentHealth view = c.view();
            counted.add(view);
            up &= view.status() != HealthStatus.DOWN && !(probe == Probe.READINESS
                    && view.status() == HealthStatus.DEGRADED && c.degradedFailsReadiness());
            degraded |= view.status() == HealthStatus.DEGRADED;
        }
        if (probe == Probe.READINESS && readinessNames != null) {
            for (String name : readinessNames) {
                if (!components.containsKey(name)) {
                    // configured to count but never reported: not ready rather than silently ignored
                    counted.add(new ComponentHealth(name, HealthStatus.DOWN, List.of(Probe.READINESS), List.of(),
                            Map.of("reason", "not reported yet")));
                    up = false;
                }
            }
        }
        String reason = lifecycleReason(probe, state.get());
        if (!reason.isEmpty()) {
            return new ProbeReport(false, "DOWN", reason, counted);
        }
        return new ProbeReport(up, up ? (degraded ? "DEGRADED" : "UP") : "DOWN", "", counted);
    }

    private boolean countsFor(ComponentState c, Probe probe) {
        if (probe == Probe.READINESS && readinessNames != null) {
            return readinessNames.contains(c.name());
        }
        return c.countsFor(probe);
    }

    private static String lifecycleReason(Probe probe, RuntimeInfo.State state) {
        if (probe == Probe.LIVENESS) {
            return "";   // draining is no reason to be restarted
        }
        return switch (state) {
            case STARTING -> "starting";
            case DRAINING -> probe == Probe.READINESS ? "draining" : "";
            case STOPPED -> probe == Probe.READINESS ? "stopped" : "";
            case RUNNING -> "";
        };
    }

    @Override
    public void addListener(Listener listener) {
        listeners.add(listener);
    }

    /** Stops ticking and interrupts running checks. */
    @Override
    public void close() {
        timer.shutdownNow();
        workers.shutdownNow();
    }
}
