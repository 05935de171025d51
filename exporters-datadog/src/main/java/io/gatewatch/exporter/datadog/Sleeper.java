package io.gatewatch.exporter.datadog;

import java.time.Duration;

/** Waits; the seam that lets tests run backoff on a manual clock instead of real time. */
@FunctionalInterface
interface Sleeper {
    Sleeper SYSTEM = d -> Thread.sleep(d.toMillis());

    void sleep(Duration duration) throws InterruptedException;
}
