package io.gatewatch.bridge;

import static org.assertj.core.api.Assertions.assertThat;

import com.codahale.metrics.MetricRegistry;
import io.gatewatch.internal.store.MetricStore;
import io.gatewatch.internal.store.StoreSettings;
import io.gatewatch.snapshot.CounterPoint;
import io.gatewatch.snapshot.GaugePoint;
import io.gatewatch.snapshot.Labels;
import io.gatewatch.snapshot.Snapshot;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class DropwizardBridgeTest {

    @Test
    void hostRegistryAppearsInEverySnapshot() {
        MetricRegistry host = new MetricRegistry();
        host.counter("jobs.active").inc(3);
        host.meter("orders.placed").mark(5);
        host.register("Cache.Size", (com.codahale.metrics.Gauge<Integer>) () -> 42);
        host.register("build.label", (com.codahale.metrics.Gauge<String>) () -> "not a number");
        for (int i = 1; i <= 100; i++) {
            host.timer("db.query").update(i, TimeUnit.MILLISECONDS);
            host.histogram("payload.size").update(i);
        }
        MetricStore store = new MetricStore(StoreSettings.defaults("n").withJvmMetrics(false));
        Snapshot s = store.snapshot(0, List.of(new DropwizardBridge(host)));

        assertThat(((GaugePoint) s.family("jobs.active").point(Labels.EMPTY)).value()).isEqualTo(3.0);
        assertThat(((CounterPoint) s.family("orders.placed").point(Labels.EMPTY)).value()).isEqualTo(5);
        assertThat(((GaugePoint) s.family("cache.size").point(Labels.EMPTY)).value()).isEqualTo(42.0);
        assertThat(s.family("build.label")).isNull();
        assertThat(((CounterPoint) s.family("db.query").point(Labels.EMPTY)).value()).isEqualTo(100);
        double p99 = ((GaugePoint) s.family("db.query.quantile").point(Labels.pairs("quantile", "0.99"))).value();
        assertThat(p99).isBetween(0.098, 0.101);
        assertThat(((GaugePoint) s.family("payload.size.quantile").point(Labels.pairs("quantile", "0.5"))).value())
                .isBetween(49.0, 51.0);
        host.counter("jobs.active").dec();
        Snapshot later = store.snapshot(1, List.of(new DropwizardBridge(host)));
        assertThat(((GaugePoint) later.family("jobs.active").point(Labels.EMPTY)).value()).isEqualTo(2.0);
    }

    @Test
    void theJavadocSampleWorksAsWritten() {
        MetricRegistry hostRegistry = new MetricRegistry();
        hostRegistry.counter("jobs.active").inc(2);
        io.gatewatch.Gatewatch gw = io.gatewatch.Gatewatch.builder()
                .config(com.typesafe.config.ConfigFactory.parseString(
                        "gatewatch { shutdown-hook = false, status.drain-delay = 0s, metrics.jvm = false }"))
                .addSource(new DropwizardBridge(hostRegistry)).start();
        try (gw) {
            assertThat(((GaugePoint) gw.snapshot().family("jobs.active").points().get(0)).value()).isEqualTo(2.0);
        }
    }

    @Test
    void namesBecomeCanonical() {
        assertThat(DropwizardBridge.canonical("com.Foo$Bar.requests-total")).isEqualTo("com.foo_bar.requests_total");
        assertThat(DropwizardBridge.canonical("9lives")).isEqualTo("m9lives");
    }
}
