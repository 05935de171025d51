package io.gatewatch.internal.store;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gatewatch.api.Meters;
import io.gatewatch.api.Unit;
import org.junit.jupiter.api.Test;

/** Names and labels that would break an exposition are refused when declared, with a reason. */
class MetricRegistrationTest {
    private final MetricStore store = new MetricStore(StoreSettings.defaults("n"));
    private final Meters meters = store.meters();

    @Test
    void aGaugeNamedLikeTheRequestCountersSamplesIsRefused() {
        assertThatThrownBy(() -> meters.gauge("requests.total", "h", Unit.NONE, () -> 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("requests.total").hasMessageContaining("gateway_requests_total")
                .hasMessageContaining("the counter requests");
        assertThatThrownBy(() -> meters.counter("requests.total", "h"))
                .as("a counter whose _total is stripped is the catalogue's family").isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> meters.gauge("requests_created", "h", Unit.NONE))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void histogramSuffixesAndUnitsCollideInEveryExporter() {
        meters.histogram("job.duration", "h", Unit.SECONDS, null);
        assertThatThrownBy(() -> meters.counter("job.duration.seconds.count", "h"))
                .as("Prometheus: job_duration_seconds_count").isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> meters.gauge("job.duration_seconds_sum", "h", Unit.NONE))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> meters.gauge("job.duration.p99", "h", Unit.NONE))
                .as("Datadog and StatsD: gateway.job.duration.p99").isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("gateway.job.duration.p99");
        assertThatThrownBy(() -> meters.gauge("request.duration.seconds.bucket", "h", Unit.NONE))
                .as("the catalogue's histogram").isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> meters.counter("job_duration", "h", Unit.SECONDS))
                .as("dots and underscores render alike").isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void selfJvmAndBuildFamiliesAreReservedEvenWithoutAPrefix() {
        MetricStore bare = new MetricStore(new StoreSettings("n", io.gatewatch.snapshot.Labels.EMPTY, 2000, false,
                StoreSettings.DEFAULT_LATENCY_BUCKETS_NANOS, false, "v", "c", ""));
        assertThatThrownBy(() -> bare.meters().gauge("jvm.memory.used", "h", Unit.BYTES))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> bare.meters().gauge("gatewatch.build", "h", Unit.NONE))
                .as("gatewatch_build_info").isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> bare.meters().counter("gatewatch.cardinality.overflow", "h"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> bare.meters().counter("requests", "h"))
                .as("the catalogue itself, unprefixed").isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theSameFamilyDeclaredTwiceIsStillTheSameFamilyAndUnrelatedNamesPass() {
        meters.counter("orders.placed", "h", "region");
        assertThatCode(() -> meters.counter("orders.placed", "h", "region")).doesNotThrowAnyException();
        assertThatCode(() -> meters.counter("orders.cancelled", "h", "region")).doesNotThrowAnyException();
        assertThatCode(() -> meters.gauge("queue.depth", "h", Unit.NONE, () -> 3)).doesNotThrowAnyException();
    }

    @Test
    void reservedAndInvalidLabelNamesAreRefused() {
        assertThatThrownBy(() -> meters.histogram("h1", "h", Unit.SECONDS, null, "le"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'le' is reserved");
        assertThatThrownBy(() -> meters.gauge("g1", "h", Unit.NONE, "quantile")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> meters.counter("c1", "h", "__name__")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> meters.counter("c2", "h", "Region")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> meters.counter("c3", "h", "a-b")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> meters.counter("c4", "h", "x", "x")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("given twice");
    }
}
