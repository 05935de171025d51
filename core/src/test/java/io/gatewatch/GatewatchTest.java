package io.gatewatch;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.inject.AbstractModule;
import com.typesafe.config.ConfigFactory;
import io.gatewatch.api.GatewayMetrics;
import io.gatewatch.api.RuntimeInfo;
import io.gatewatch.api.Unit;
import io.gatewatch.snapshot.GaugePoint;
import io.gatewatch.snapshot.Labels;
import io.gatewatch.snapshot.MetricDescriptor;
import io.gatewatch.snapshot.MetricFamily;
import io.gatewatch.snapshot.Snapshot;
import io.gatewatch.spi.Contributions;
import io.gatewatch.spi.Lifecycle;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class GatewatchTest {

    @Test
    void startWithoutArgumentsReadsSystemPropertiesOverTheReferenceDefaults() {
        System.setProperty("gatewatch.node-id", "edge-from-sysprop");
        System.setProperty("gatewatch.status.drain-delay", "0s");
        System.setProperty("gatewatch.shutdown-hook", "false");
        ConfigFactory.invalidateCaches();
        try (Gatewatch gatewatch = Gatewatch.start()) {
            assertThat(gatewatch.runtime().nodeId()).isEqualTo("edge-from-sysprop");
            assertThat(gatewatch.snapshot().nodeId()).isEqualTo("edge-from-sysprop");
            assertThat(gatewatch.runtime().state()).isEqualTo(RuntimeInfo.State.RUNNING);
        } finally {
            System.clearProperty("gatewatch.node-id");
            System.clearProperty("gatewatch.status.drain-delay");
            System.clearProperty("gatewatch.shutdown-hook");
            ConfigFactory.invalidateCaches();
        }
    }

    /** The host's own listener, wired by gatewatch so it runs inside the orderly lifecycle. */
    static final class FrontListener implements Lifecycle {
        static final List<String> EVENTS = new ArrayList<>();
        private final GatewayMetrics metrics;

        @Inject
        FrontListener(GatewayMetrics metrics) {
            this.metrics = metrics;
        }

        @Override
        public String name() {
            return "front";
        }

        @Override
        public void start() {
            EVENTS.add("front started with metrics " + (metrics != null));
        }

        @Override
        public void stop() {
            EVENTS.add("front stopped");
        }

        @Override
        public StopPhase stopPhase() {
            return StopPhase.AFTER_DRAIN;
        }
    }

    @Test
    void theBuilderTakesHostModulesExtraSourcesAndAClock() {
        Clock fixed = Clock.fixed(Instant.parse("2026-01-02T03:04:05Z"), ZoneOffset.UTC);
        MetricDescriptor depth = MetricDescriptor.gauge("queue.depth", "Items waiting", Unit.NONE, "queue");
        Gatewatch gatewatch = Gatewatch.builder()
                .config(ConfigFactory.parseString("gatewatch { shutdown-hook = false, status.drain-delay = 0s }"))
                .clock(fixed)
                .addSource(() -> List.of(new MetricFamily(depth, List.of(new GaugePoint(Labels.pairs("queue", "orders"), 7)))))
                .addModule(new AbstractModule() {
                    @Override
                    protected void configure() {
                        Contributions.lifecycles(binder()).addBinding().to(FrontListener.class);
                    }
                })
                .start();
        Snapshot snapshot = gatewatch.snapshot();
        gatewatch.close();

        assertThat(snapshot.timestampMillis()).isEqualTo(fixed.millis());
        assertThat(((GaugePoint) snapshot.family("queue.depth").point(Labels.pairs("queue", "orders"))).value())
                .isEqualTo(7.0);
        assertThat(snapshot.family("jvm.memory.used")).as("JVM metrics are on by default").isNotNull();
        assertThat(FrontListener.EVENTS).containsExactly("front started with metrics true", "front stopped");
    }
}
