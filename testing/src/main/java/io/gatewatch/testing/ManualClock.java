package io.gatewatch.testing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A UTC wall clock that moves only when a test says so; thread-safe. {@link #sleep(Duration)}
 * stands in for a real wait: it advances the clock at once and remembers how long was asked for,
 * so code that backs off can be tested without waiting.
 */
public final class ManualClock extends Clock {
    private final AtomicLong millis;
    private final List<Duration> sleeps = new ArrayList<>();

    public ManualClock(long startMillis) {
        this.millis = new AtomicLong(startMillis);
    }

    public void advance(Duration d) {
        millis.addAndGet(d.toMillis());
    }

    public void set(long epochMillis) {
        millis.set(epochMillis);
    }

    /** Advances the clock by {@code d} without waiting, and records the wait. */
    public void sleep(Duration d) {
        synchronized (sleeps) {
            sleeps.add(d);
        }
        advance(d);
    }

    /** Every {@link #sleep(Duration)} so far, oldest first. */
    public List<Duration> sleeps() {
        synchronized (sleeps) {
            return List.copyOf(sleeps);
        }
    }

    /** Monotonic nanoseconds that move with this clock, for code that measures intervals. */
    public long nanoTime() {
        return millis.get() * 1_000_000L;
    }

    @Override
    public long millis() {
        return millis.get();
    }

    @Override
    public Instant instant() {
        return Instant.ofEpochMilli(millis.get());
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }
}
