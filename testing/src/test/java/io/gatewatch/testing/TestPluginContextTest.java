package io.gatewatch.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gatewatch.api.RuntimeInfo;
import io.gatewatch.api.Unit;
import io.gatewatch.internal.store.MetricStore;
import io.gatewatch.internal.store.StoreSettings;
import io.gatewatch.snapshot.CounterPoint;
import io.gatewatch.snapshot.Labels;
import org.junit.jupiter.api.Test;

class TestPluginContextTest {

    @Test
    void standaloneRecordsSelfMetricsHealthAndThreads() {
        ManualClock clock = new ManualClock(1_800_000_000_000L);
        TestPluginContext context = TestPluginContext.standalone().clock(clock).runtime(new TestRuntime("n7"));
        context.selfMetrics().counter("drops", "", Unit.NONE, "reason").labels("overflow").add(3);
        context.selfMetrics().counter("drops", "", Unit.NONE, "reason").labels("overflow").add(-1);
        context.selfMetrics().gauge("pending", "", Unit.NONE, () -> 4.0);
        context.health().component("exporter:x").ok("sent");
        context.health().component("exporter:y").error("refused");
        Thread thread = context.threadFactory("push").newThread(() -> { });

        assertThat(context.meters().count("drops", "overflow")).isEqualTo(3);
        assertThat(context.meters().gauge("pending")).isEqualTo(4.0);
        assertThat(context.health().records("exporter:x")).containsExactly("ok: sent");
        assertThat(context.health().all()).containsExactly("exporter:x ok: sent", "exporter:y error: refused");
        assertThat(thread.getName()).isEqualTo("gatewatch-push-1");
        assertThat(thread.isDaemon()).isTrue();
        assertThat(context.threads()).containsExactly(thread);
        assertThat(context.nanoTime()).isEqualTo(clock.nanoTime());
        assertThat(context.snapshot().nodeId()).isEqualTo("n7");
        assertThat(context.snapshot().timestampMillis()).isEqualTo(1_800_000_000_000L);
        assertThat(context.runtime().state(RuntimeInfo.State.DRAINING).state()).isEqualTo(RuntimeInfo.State.DRAINING);
        assertThatThrownBy(context::store).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void overAStoreSnapshotsTheStore() {
        TestPluginContext context = TestPluginContext.over(new MetricStore(StoreSettings.defaults("n1").withJvmMetrics(false)));
        context.selfMetrics().counter("gatewatch.test.sent", "", Unit.NONE).labels().add(2);
        CounterPoint sent = (CounterPoint) context.snapshot().family("gatewatch.test.sent").point(Labels.EMPTY);
        assertThat(sent.value()).isEqualTo(2);
        assertThatThrownBy(context::meters).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aBenchmarkContextKeepsNoHealthRecords() {
        TestPluginContext context = TestPluginContext.standalone().withoutHealthRecords();
        context.health().component("exporter:x").ok("sent");
        assertThatThrownBy(() -> context.health().all()).hasMessageContaining("keeps nothing");
    }
}
