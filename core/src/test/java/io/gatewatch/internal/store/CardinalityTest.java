package io.gatewatch.internal.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.gatewatch.api.GatewayMetrics;
import io.gatewatch.api.HttpMethod;
import io.gatewatch.api.ResponseSource;
import io.gatewatch.snapshot.CounterPoint;
import io.gatewatch.snapshot.Labels;
import io.gatewatch.snapshot.Point;
import io.gatewatch.snapshot.Snapshot;
import java.lang.management.ManagementFactory;
import java.util.List;
import org.junit.jupiter.api.Test;

class CardinalityTest {
    private static final int CAP = 2000;
    /** The family's documented ceiling: the cap, a tenth more for folded series, and all-other. */
    private static final int CEILING = CAP + CAP / 10 + 1;

    @Test
    void millionDistinctRoutesAndConsumersStayAtTheCapWithSmallHeapGrowth() {
        MetricStore store = new MetricStore(StoreSettings.defaults("n").withPerConsumer(true).withJvmMetrics(false));
        GatewayMetrics metrics = store.gatewayMetrics();
        // Warm the store past the cap first, so what we measure is the cost of the flood itself.
        for (int i = 0; i < CAP * 2; i++) {
            metrics.route("svc-" + (i % 5), "warm-" + i)
                    .record(HttpMethod.GET, 200, ResponseSource.UPSTREAM, 1, 1, 1, 1, metrics.consumer("warm-" + i));
        }
        long before = usedHeapAfterGc();
        int flood = 1_000_000;
        for (int i = 0; i < flood; i++) {
            metrics.route("svc-" + (i % 5), "/path/" + i)
                    .record(HttpMethod.GET, 200, ResponseSource.UPSTREAM, 1, 1, 1, 1, metrics.consumer("consumer-" + i));
        }
        long growth = usedHeapAfterGc() - before;

        Snapshot s = store.snapshot(0, List.of());
        for (String family : List.of("requests", "request.duration", "upstream.duration", "request.bytes")) {
            assertThat(s.family(family).points()).as(family).hasSizeLessThanOrEqualTo(CEILING);
        }
        long total = 0;
        long perService0 = 0;
        for (Point p : s.family("requests").points()) {
            long v = ((CounterPoint) p).value();
            total += v;
            if ("svc-0".equals(p.labels().get("service"))) {
                perService0 += v;
            }
        }
        assertThat(total).as("no request lost to folding").isEqualTo(flood + CAP * 2L);
        assertThat(perService0).as("service label kept while route folds").isEqualTo((flood + CAP * 2L) / 5);

        long routeFolds = ((CounterPoint) s.family("gatewatch.cardinality.overflow")
                .point(Labels.pairs("metric", "request.duration", "label", "route"))).value();
        assertThat(routeFolds).isGreaterThanOrEqualTo(flood);
        long consumerFolds = ((CounterPoint) s.family("gatewatch.cardinality.overflow")
                .point(Labels.pairs("metric", "requests", "label", "consumer"))).value();
        assertThat(consumerFolds).isGreaterThanOrEqualTo(flood);
        System.out.printf("cardinality flood: %d series in requests, heap growth %d KiB%n", s.family("requests").points().size(), growth / 1024);
        // Stated figure (README): the flood adds well under 8 MiB once the store is at its cap.
        assertThat(growth).as("heap growth in bytes").isLessThan(8L << 20);
    }

    private static long usedHeapAfterGc() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
