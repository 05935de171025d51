package io.gatewatch.spi.support;

import io.gatewatch.snapshot.CounterPoint;
import io.gatewatch.snapshot.HistogramPoint;
import io.gatewatch.snapshot.Labels;
import io.gatewatch.snapshot.MetricDescriptor;
import io.gatewatch.snapshot.MetricFamily;
import io.gatewatch.snapshot.MetricType;
import io.gatewatch.snapshot.Point;
import io.gatewatch.snapshot.Snapshot;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns cumulative snapshots into per-interval deltas for a push exporter, measured from the
 * last <em>committed</em> send: call {@link #delta(Snapshot)}, send, and {@link #commit(Delta)}
 * only when the backend accepted it. A failed send is simply not committed, so its counts are
 * part of the next delta and nothing is lost.
 *
 * <pre>{@code
 * DeltaTracker.Delta d = tracker.delta(snapshot);
 * backend.send(d.interval());      // throws on failure
 * tracker.commit(d);
 * }</pre>
 *
 * <p>Counters and histograms become deltas; gauges pass through. Each exporter owns its own
 * tracker; one tracker is not meant to be shared between threads.
 */
public final class DeltaTracker {
    private Map<String, Map<Labels, Point>> baseline = Map.of();
    private long baselineMillis = -1;

    /**
     * @param current  the cumulative snapshot the delta was taken from (commit it as the new baseline)
     * @param interval counters and histograms as deltas since the baseline, gauges as they are;
     *                 the interval's timestamp is the current snapshot's
     * @param fromMillis when the baseline was taken, or -1 for the first interval
     */
    public record Delta(Snapshot current, Snapshot interval, long fromMillis) {
    }

    public Delta delta(Snapshot current) {
        List<MetricFamily> families = new ArrayList<>(current.families().size());
        for (MetricFamily family : current.families()) {
            MetricDescriptor d = family.descriptor();
            if (d.type() == MetricType.GAUGE) {
                families.add(family);
                continue;
            }
            Map<Labels, Point> before = baseline.getOrDefault(key(d), Map.of());
            List<Point> points = new ArrayList<>(family.points().size());
            for (Point p : family.points()) {
                points.add(minus(d, p, before.get(p.labels())));
            }
            families.add(new MetricFamily(d, points));
        }
        Snapshot interval = new Snapshot(current.timestampMillis(), current.nodeId(), current.commonTags(), families);
        return new Delta(current, interval, baselineMillis);
    }

    /** Makes the delta's cumulative snapshot the baseline of the next delta. */
    public void commit(Delta delta) {
        Map<String, Map<Labels, Point>> next = new HashMap<>();
        for (MetricFamily family : delta.current().families()) {
            if (family.descriptor().type() == MetricType.GAUGE) {
                continue;
            }
            Map<Labels, Point> byLabels = new HashMap<>(family.points().size() * 2);
            for (Point p : family.points()) {
                byLabels.put(p.labels(), p);
            }
            next.put(key(family.descriptor()), byLabels);
        }
        baseline = next;
        baselineMillis = delta.current().timestampMillis();
    }

    private static String key(MetricDescriptor d) {
        return d.prefixed() ? d.name() : "!" + d.name();
    }

    private static Point minus(MetricDescriptor d, Point now, Point before) {
        if (now instanceof CounterPoint c) {
            long base = before instanceof CounterPoint b ? b.value() : 0;
            // A value below the baseline means the source restarted (a bridged registry's counter
            // was replaced): everything it holds now is new.
            return new CounterPoint(c.labels(), c.value() >= base ? c.value() - base : c.value());
        }
        HistogramPoint h = (HistogramPoint) now;
        long[] buckets = h.buckets();
        long sum = h.sum();
        if (before instanceof HistogramPoint b && b.count() <= h.count()) {
            for (int i = 0; i < buckets.length; i++) {
                buckets[i] -= b.bucket(i);
            }
            sum -= b.sum();
        }
        long count = 0;
        for (long n : buckets) {
            count += n;
        }
        long[] bounds = d.bucketBounds();
        return HistogramPoint.adopting(h.labels(), buckets, count, sum,
                HistogramStats.intervalMin(bounds, buckets, h.min()),
                HistogramStats.intervalMax(bounds, buckets, h.max()));
    }
}
