package io.gatewatch.spi.support;

import io.gatewatch.api.Unit;
import io.gatewatch.snapshot.CounterPoint;
import io.gatewatch.snapshot.GaugePoint;
import io.gatewatch.snapshot.HistogramPoint;
import io.gatewatch.snapshot.Labels;
import io.gatewatch.snapshot.MetricDescriptor;
import io.gatewatch.snapshot.MetricFamily;
import io.gatewatch.snapshot.Snapshot;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class DeltaTrackerTest {
    private static final MetricDescriptor REQUESTS = MetricDescriptor.counter("requests", "r", Unit.NONE, "route");
    private static final MetricDescriptor LATENCY = MetricDescriptor.histogram("request.duration", "d", Unit.SECONDS,
            new long[] {10, 100}, "route");
    private static final MetricDescriptor INFLIGHT = MetricDescriptor.gauge("requests.in_flight", "g", Unit.NONE);
    private static final Labels A = Labels.pairs("route", "a");

    private static Snapshot snapshot(long t, long count, long[] buckets, long sum, double inFlight) {
        long c = 0;
        for (long b : buckets) {
            c += b;
        }
        return new Snapshot(t, "n", Labels.EMPTY, List.of(
                new MetricFamily(REQUESTS, List.of(new CounterPoint(A, count))),
                new MetricFamily(LATENCY, List.of(new HistogramPoint(A, buckets, c, sum, 5, 500))),
                new MetricFamily(INFLIGHT, List.of(new GaugePoint(Labels.EMPTY, inFlight)))));
    }

    private static long counter(Snapshot s) {
        return ((CounterPoint) s.family("requests").point(A)).value();
    }

    @Test
    void failedSendIsNotCommittedSoTheNextDeltaCarriesItsCounts() {
        DeltaTracker tracker = new DeltaTracker();
        DeltaTracker.Delta first = tracker.delta(snapshot(1000, 10, new long[] {1, 2, 0}, 100, 3));
        assertThat(counter(first.interval())).isEqualTo(10);
        assertThat(first.fromMillis()).isEqualTo(-1);
        tracker.commit(first);

        DeltaTracker.Delta failed = tracker.delta(snapshot(2000, 15, new long[] {1, 3, 0}, 150, 4));
        assertThat(counter(failed.interval())).isEqualTo(5);
        // not committed: the backend refused it

        DeltaTracker.Delta next = tracker.delta(snapshot(3000, 22, new long[] {2, 4, 1}, 900, 5));
        assertThat(counter(next.interval())).isEqualTo(12);
        assertThat(next.fromMillis()).isEqualTo(1000);
        HistogramPoint h = (HistogramPoint) next.interval().family("request.duration").point(A);
        assertThat(h.buckets()).containsExactly(1, 2, 1);
        assertThat(h.count()).isEqualTo(4);
        assertThat(h.sum()).isEqualTo(800);
        // interval min: lowest non-empty bucket starts at 0, raised to the lifetime min 5
        assertThat(h.min()).isEqualTo(5);
        // interval max: the +Inf bucket is non-empty, so the lifetime max
        assertThat(h.max()).isEqualTo(500);
        assertThat(((GaugePoint) next.interval().family("requests.in_flight").point(Labels.EMPTY)).value()).isEqualTo(5);
    }

    @Test
    void intervalMinAndMaxComeFromTheIntervalsBuckets() {
        DeltaTracker tracker = new DeltaTracker();
        tracker.commit(tracker.delta(snapshot(1, 0, new long[] {3, 0, 0}, 15, 0)));
        DeltaTracker.Delta d = tracker.delta(snapshot(2, 0, new long[] {3, 2, 0}, 115, 0));
        HistogramPoint h = (HistogramPoint) d.interval().family("request.duration").point(A);
        assertThat(h.count()).isEqualTo(2);
        assertThat(h.min()).isEqualTo(10);   // lower edge of (10, 100]
        assertThat(h.max()).isEqualTo(100);  // upper edge of (10, 100]
    }

    @Test
    void counterBelowBaselineIsTreatedAsARestart() {
        DeltaTracker tracker = new DeltaTracker();
        tracker.commit(tracker.delta(snapshot(1, 50, new long[] {0, 0, 0}, 0, 0)));
        assertThat(counter(tracker.delta(snapshot(2, 7, new long[] {0, 0, 0}, 0, 0)).interval())).isEqualTo(7);
    }
}
