package io.gatewatch.exporter.datadog;

import static org.assertj.core.api.Assertions.assertThat;

import com.datadog.api.client.v2.model.MetricIntakeType;
import com.datadog.api.client.v2.model.MetricPoint;
import com.datadog.api.client.v2.model.MetricSeries;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PayloadBuilderTest {

    private static MetricSeries series(String name, int tagLength) {
        return new MetricSeries().metric(name).type(MetricIntakeType.GAUGE)
                .points(List.of(new MetricPoint().timestamp(1L).value(1.0))).tags(List.of("k:" + "v".repeat(tagLength)));
    }

    private static List<PendingIntervals.Entry> entries(PayloadBuilder b, int n, int tagLength) {
        List<PendingIntervals.Entry> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            MetricSeries s = series("m" + i, tagLength);
            out.add(new PendingIntervals.Entry(s, b.jsonBytes(s)));
        }
        return out;
    }

    @Test
    void takesTheLargestPrefixWithinTheInflatedLimit() {
        PayloadBuilder b = new PayloadBuilder(500_000, 1_000);
        PendingIntervals pending = new PendingIntervals(5);
        pending.add(1, entries(b, 10, 100));
        pending.add(2, entries(b, 10, 100));

        PayloadBuilder.Batch batch = b.next(pending);
        assertThat(batch.inflatedBytes()).isLessThanOrEqualTo(1_000);
        int perSeries = b.jsonBytes(series("m0", 100));
        assertThat(batch.count()).isEqualTo((1_000 - PayloadBuilder.ENVELOPE_BYTES + 1) / (perSeries + 1));
        assertThat(batch.series().get(0).getMetric()).isEqualTo("m0");
    }

    @Test
    void shrinksUntilTheCompressedBodyFits() {
        PayloadBuilder b = new PayloadBuilder(2_000, 1_000_000);
        PendingIntervals pending = new PendingIntervals(5);
        List<PendingIntervals.Entry> random = new ArrayList<>();
        java.util.Random r = new java.util.Random(1);
        for (int i = 0; i < 200; i++) {
            MetricSeries s = new MetricSeries().metric("m").type(MetricIntakeType.GAUGE)
                    .points(List.of(new MetricPoint().timestamp(1L).value(r.nextDouble())))
                    .tags(List.of("k:" + Long.toHexString(r.nextLong())));
            random.add(new PendingIntervals.Entry(s, b.jsonBytes(s)));
        }
        pending.add(1, random);

        PayloadBuilder.Batch batch = b.next(pending);
        assertThat(batch.tooLarge()).isFalse();
        assertThat(batch.compressedBytes()).isBetween(1L, 2_000L);
        assertThat(b.compressedSize(pending.peek(batch.count() + 1))).isGreaterThan(1_000);
    }

    @Test
    void aSingleSeriesBeyondTheLimitIsFlaggedNotLooped() {
        PayloadBuilder b = new PayloadBuilder(500_000, 500);
        PendingIntervals pending = new PendingIntervals(5);
        pending.add(1, entries(b, 2, 1_000));
        PayloadBuilder.Batch batch = b.next(pending);
        assertThat(batch.tooLarge()).isTrue();
        assertThat(batch.count()).isEqualTo(1);
    }

    @Test
    void settlingAPayloadRemovesExactlyItsSeriesAcrossIntervals() {
        PayloadBuilder b = new PayloadBuilder();
        PendingIntervals pending = new PendingIntervals(5);
        pending.add(1, entries(b, 3, 1));
        pending.add(2, entries(b, 3, 1));
        assertThat(pending.removeFirst(4)).isEqualTo(1);
        assertThat(pending.size()).isEqualTo(1);
        assertThat(pending.seriesCount()).isEqualTo(2);
        assertThat(pending.peek(10)).extracting(e -> e.series().getMetric()).containsExactly("m1", "m2");
    }
}
