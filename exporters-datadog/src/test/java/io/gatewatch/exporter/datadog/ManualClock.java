package io.gatewatch.exporter.datadog;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/** A wall clock that moves only when told; its sleeper advances it and remembers each wait. */
final class ManualClock extends Clock {
    private final AtomicLong millis;
    final List<Duration> sleeps = new ArrayList<>();

    ManualClock(long startMillis) {
        this.millis = new AtomicLong(startMillis);
    }

    void advance(Duration d) {
        millis.addAndGet(d.toMillis());
    }

    Sleeper sleeper() {
        return d -> {
            synchronized (sleeps) {
                sleeps.add(d);
            }
            advance(d);
        };
    }

    Duration totalSlept() {
        synchronized (sleeps) {
            return sleeps.stream().reduce(Duration.ZERO, Duration::plus);
        }
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
