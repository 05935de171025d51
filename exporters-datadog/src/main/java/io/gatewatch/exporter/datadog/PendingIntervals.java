package io.gatewatch.exporter.datadog;

import com.datadog.api.client.v2.model.MetricSeries;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * The intervals that the intake has not accepted yet, oldest first, at most {@code max} of them.
 * A payload is always a prefix of this queue, and a series leaves it only when the intake
 * accepted (or definitively refused) the payload that carried it, so an interval split over
 * several payloads is never sent twice nor half lost. Used by the exporter's thread only.
 */
final class PendingIntervals {

    /** One series and the size of its JSON, measured once when it was queued. */
    record Entry(MetricSeries series, int jsonBytes) {
    }

    /** What is left of one interval. */
    static final class Interval {
        final long timestampMillis;
        final ArrayDeque<Entry> entries;

        Interval(long timestampMillis, List<Entry> entries) {
            this.timestampMillis = timestampMillis;
            this.entries = new ArrayDeque<>(entries);
        }

        int size() {
            return entries.size();
        }
    }

    private final ArrayDeque<Interval> intervals = new ArrayDeque<>();
    private final int max;
    private volatile int size;

    PendingIntervals(int max) {
        if (max < 1) {
            throw new IllegalArgumentException("max must be at least 1");
        }
        this.max = max;
    }

    /**
     * Queues an interval; when that makes more than {@code max}, the oldest ones fall out and are
     * returned so the caller can count them.
     */
    List<Interval> add(long timestampMillis, List<Entry> entries) {
        List<Interval> evicted = new ArrayList<>(0);
        if (entries.isEmpty()) {
            return evicted;
        }
        intervals.addLast(new Interval(timestampMillis, entries));
        while (intervals.size() > max) {
            evicted.add(intervals.removeFirst());
        }
        size = intervals.size();
        return evicted;
    }

    /** Removes and returns the intervals taken before {@code cutoffMillis}. */
    List<Interval> removeOlderThan(long cutoffMillis) {
        List<Interval> old = new ArrayList<>(0);
        while (!intervals.isEmpty() && intervals.peekFirst().timestampMillis < cutoffMillis) {
            old.add(intervals.removeFirst());
        }
        size = intervals.size();
        return old;
    }

    /** Removes and returns everything still queued. */
    List<Interval> removeAll() {
        List<Interval> all = new ArrayList<>(intervals);
        intervals.clear();
        size = 0;
        return all;
    }

    /** The first {@code limit} entries, oldest first, without removing them. */
    List<Entry> peek(int limit) {
        List<Entry> out = new ArrayList<>(Math.min(limit, 1024));
        for (Interval interval : intervals) {
            for (Entry e : interval.entries) {
                if (out.size() == limit) {
                    return out;
                }
                out.add(e);
            }
        }
        return out;
    }

    /** An iterator over all queued entries, oldest first (for sizing a payload). */
    Iterator<Entry> entries() {
        return intervals.stream().flatMap(i -> i.entries.stream()).iterator();
    }

    /**
     * Removes the first {@code n} entries (the payload just settled).
     *
     * @return how many intervals that completed
     */
    int removeFirst(int n) {
        int completed = 0;
        int left = n;
        while (left > 0 && !intervals.isEmpty()) {
            Interval first = intervals.peekFirst();
            while (left > 0 && !first.entries.isEmpty()) {
                first.entries.removeFirst();
                left--;
            }
            if (first.entries.isEmpty()) {
                intervals.removeFirst();
                completed++;
            }
        }
        size = intervals.size();
        return completed;
    }

    boolean isEmpty() {
        return intervals.isEmpty();
    }

    /** Intervals (whole or partly) still queued; safe to read from any thread. */
    int size() {
        return size;
    }

    long seriesCount() {
        long n = 0;
        for (Interval i : intervals) {
            n += i.size();
        }
        return n;
    }
}
