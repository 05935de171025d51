package io.gatewatch.exporter.statsd;

import io.gatewatch.snapshot.CounterPoint;
import io.gatewatch.snapshot.HistogramPoint;
import io.gatewatch.snapshot.MetricFamily;
import io.gatewatch.snapshot.MetricType;
import io.gatewatch.snapshot.Point;
import io.gatewatch.snapshot.Snapshot;
import io.gatewatch.spi.support.DeltaTracker;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds the delta to commit when only the first series of an interval arrived: delivered
 * series advance to the current values, the others keep their old baseline (current minus the
 * unsent delta), so their counts are sent again in the next interval and nothing is lost.
 */
final class Baselines {
    private Baselines() {
    }

    /** @param deliveredBefore series with a smaller index (in snapshot order) arrived */
    static DeltaTracker.Delta partial(DeltaTracker.Delta delta, int deliveredBefore) {
        List<MetricFamily> current = delta.current().families();
        List<MetricFamily> interval = delta.interval().families();
        List<MetricFamily> committed = new ArrayList<>(current.size());
        int index = 0;
        for (int f = 0; f < current.size(); f++) {
            MetricFamily now = current.get(f);
            List<Point> points = now.points();
            if (now.descriptor().type() == MetricType.GAUGE || index + points.size() <= deliveredBefore) {
                committed.add(now);
                index += points.size();
                continue;
            }
            List<Point> sent = interval.get(f).points();
            List<Point> kept = new ArrayList<>(points.size());
            for (int i = 0; i < points.size(); i++, index++) {
                kept.add(index < deliveredBefore ? points.get(i) : minus(points.get(i), sent.get(i)));
            }
            committed.add(new MetricFamily(now.descriptor(), kept));
        }
        Snapshot c = delta.current();
        return new DeltaTracker.Delta(new Snapshot(c.timestampMillis(), c.nodeId(), c.commonTags(), committed),
                delta.interval(), delta.fromMillis());
    }

    /** The baseline the unsent delta was measured from. */
    private static Point minus(Point now, Point unsent) {
        if (now instanceof CounterPoint c) {
            return new CounterPoint(c.labels(), c.value() - ((CounterPoint) unsent).value());
        }
        HistogramPoint h = (HistogramPoint) now;
        HistogramPoint d = (HistogramPoint) unsent;
        long[] buckets = h.buckets();
        long count = 0;
        for (int i = 0; i < buckets.length; i++) {
            buckets[i] -= d.bucket(i);
            count += buckets[i];
        }
        return new HistogramPoint(h.labels(), buckets, count, h.sum() - d.sum(), h.min(), h.max());
    }
}
