package io.gatewatch.probes;

import com.google.inject.AbstractModule;
import com.google.inject.Module;
import com.typesafe.config.Config;
import io.gatewatch.api.Probe;
import io.gatewatch.spi.Contributions;
import io.gatewatch.spi.GatewatchPlugin;
import io.gatewatch.spi.HealthCheck;
import io.gatewatch.spi.HealthResult;
import io.gatewatch.spi.PluginContext;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A test plugin, found through ServiceLoader like any other: a readiness check that counts its
 * runs (its first run can be slow) and, when asked, one that hangs.
 */
public final class E2eChecksPlugin implements GatewatchPlugin {
    static final AtomicInteger RUNS = new AtomicInteger();
    /** The time limit of the check that hangs. */
    static final Duration HANG_TIME_LIMIT = Duration.ofSeconds(1);
    /** When the counted check's first run returned (System.nanoTime), 0 before. */
    static final AtomicLong FIRST_RUN_DONE = new AtomicLong();

    static void reset() {
        RUNS.set(0);
        FIRST_RUN_DONE.set(0);
    }

    @Override
    public String name() {
        return "e2e-checks";
    }

    @Override
    public String configPath() {
        return "e2e-checks";
    }

    @Override
    public Module module(Config config, PluginContext context) {
        Duration interval = config.getDuration("interval");
        Duration firstRunDelay = config.getDuration("first-run-delay");
        boolean hang = config.getBoolean("hang");
        return new AbstractModule() {
            @Override
            protected void configure() {
                Contributions.healthChecks(binder()).addBinding().toInstance(new Counted(interval, firstRunDelay));
                if (hang) {
                    Contributions.healthChecks(binder()).addBinding().toInstance(new Hangs());
                }
            }
        };
    }

    private record Counted(Duration interval, Duration firstRunDelay) implements HealthCheck {
        public String name() {
            return "counted";
        }

        public Set<Probe> probes() {
            return Set.of(Probe.READINESS, Probe.LIVENESS);
        }

        public HealthResult check() throws InterruptedException {
            int run = RUNS.incrementAndGet();
            if (run == 1 && !firstRunDelay.isZero()) {
                Thread.sleep(firstRunDelay.toMillis());
            }
            FIRST_RUN_DONE.compareAndSet(0, System.nanoTime());
            return HealthResult.up("run " + run).withData(Map.of("runs", run));
        }
    }

    private static final class Hangs implements HealthCheck {
        public String name() {
            return "hangs";
        }

        public Set<Probe> probes() {
            return Set.of(Probe.READINESS);
        }

        public Duration interval() {
            return Duration.ofSeconds(2);
        }

        public Duration timeout() {
            return HANG_TIME_LIMIT;
        }

        public HealthResult check() throws InterruptedException {
            Thread.sleep(60_000);
            return HealthResult.up("woke up");
        }
    }
}
