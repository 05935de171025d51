package io.gatewatch.vitals.internal;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * The points a node has not written to the shared store yet, oldest first, at most
 * {@code capacity} of them. The sampler offers a point and never waits; when the buffer is full
 * the oldest point falls out and is counted. The writer takes batches and puts a batch back
 * (ahead of newer points) when the database refused it, so points are written late but with
 * their own timestamps.
 *
 * <p>Every point offered ends up exactly once in one of three places: written (the writer counts
 * it), {@link #dropped()}, or still here (or in the writer's hands).
 */
final class PointBuffer {
    private final int capacity;
    private final ArrayDeque<StoredPoint> points;
    private long offered;
    private long dropped;

    PointBuffer(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be positive: " + capacity);
        }
        this.capacity = capacity;
        this.points = new ArrayDeque<>(Math.min(capacity, 4096));
    }

    /** Adds a point; when full, the oldest falls out (counted). Never blocks beyond the lock. */
    synchronized void offer(StoredPoint point) {
        offered++;
        if (points.size() == capacity) {
            points.pollFirst();
            dropped++;
        }
        points.addLast(point);
        notifyAll();
    }

    /** Up to {@code max} of the oldest points, waiting at most {@code waitMillis} for the first. */
    synchronized List<StoredPoint> take(int max, long waitMillis) throws InterruptedException {
        long deadline = System.nanoTime() + waitMillis * 1_000_000;
        while (points.isEmpty()) {
            long left = (deadline - System.nanoTime()) / 1_000_000;
            if (left <= 0) {
                return List.of();
            }
            wait(left);
        }
        int n = Math.min(max, points.size());
        List<StoredPoint> batch = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            batch.add(points.pollFirst());
        }
        return batch;
    }

    /**
     * Returns a batch that could not be written, ahead of everything newer. What no longer fits
     * (newer points arrived meanwhile) falls out from the oldest end, counted.
     */
    synchronized void putBack(List<StoredPoint> batch) {
        for (int i = batch.size() - 1; i >= 0; i--) {
            if (points.size() == capacity) {
                dropped += i + 1;
                return;
            }
            points.addFirst(batch.get(i));
        }
    }

    synchronized int size() {
        return points.size();
    }

    synchronized long offered() {
        return offered;
    }

    synchronized long dropped() {
        return dropped;
    }
}
