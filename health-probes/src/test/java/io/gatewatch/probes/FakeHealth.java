package io.gatewatch.probes;

import io.gatewatch.api.HealthStatus;
import io.gatewatch.api.HealthView;
import io.gatewatch.api.Probe;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A health view whose verdicts a test sets directly, following the HealthView contract: a probe
 * is up unless one of its components is down, or degraded and marked to fail readiness.
 */
public final class FakeHealth implements HealthView {
    private volatile List<ComponentHealth> components = List.of();
    private volatile Map<Probe, String> reasons = Map.of();
    private final java.util.Set<String> degradedFailsReadiness = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private volatile CountDownLatch hang;
    public final AtomicInteger probeCalls = new AtomicInteger();

    public static ComponentHealth component(String name, HealthStatus status, List<Probe> probes, List<HealthRecord> records,
                                            Map<String, Object> data) {
        return new ComponentHealth(name, status, probes, records, data);
    }

    public FakeHealth components(ComponentHealth... list) {
        this.components = List.of(list);
        return this;
    }

    public FakeHealth degradedFailsReadiness(String component) {
        degradedFailsReadiness.add(component);
        return this;
    }

    /** The reason the registry gives for a probe being down with no component to blame. */
    public FakeHealth reason(Probe probe, String reason) {
        Map<Probe, String> copy = new EnumMap<>(Probe.class);
        copy.putAll(reasons);
        copy.put(probe, reason);
        reasons = copy;
        return this;
    }

    /** Makes every probe() call block until {@link #release()} (a registry stuck on a lock). */
    public void hang() {
        hang = new CountDownLatch(1);
    }

    public void release() {
        CountDownLatch latch = hang;
        hang = null;
        if (latch != null) {
            latch.countDown();
        }
    }

    @Override
    public List<ComponentHealth> components() {
        return components;
    }

    @Override
    public HealthStatus overall() {
        List<ComponentHealth> all = components;
        if (all.stream().allMatch(c -> c.status() == HealthStatus.HEALTHY)) {
            return HealthStatus.HEALTHY;
        }
        return all.stream().allMatch(c -> c.status() == HealthStatus.DOWN) ? HealthStatus.DOWN : HealthStatus.DEGRADED;
    }

    @Override
    public ProbeReport probe(Probe probe) {
        probeCalls.incrementAndGet();
        CountDownLatch latch = hang;
        if (latch != null) {
            try {
                latch.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        List<ComponentHealth> checks = new ArrayList<>();
        boolean up = true;
        boolean degraded = false;
        for (ComponentHealth c : components) {
            if (!c.probes().contains(probe)) {
                continue;
            }
            checks.add(c);
            if (c.status() == HealthStatus.DOWN) {
                up = false;
            } else if (c.status() == HealthStatus.DEGRADED) {
                degraded = true;
                if (probe == Probe.READINESS && degradedFailsReadiness.contains(c.name())) {
                    up = false;
                }
            }
        }
        String reason = reasons.getOrDefault(probe, "");
        if (!reason.isEmpty()) {
            up = false;
        }
        return new ProbeReport(up, !up ? "DOWN" : degraded ? "DEGRADED" : "UP", reason, checks);
    }

    @Override
    public void addListener(Listener listener) {
    }
}
