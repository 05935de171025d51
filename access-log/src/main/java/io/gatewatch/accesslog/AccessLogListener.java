package io.gatewatch.accesslog;

import io.gatewatch.api.Counter;
import io.gatewatch.api.HttpMethod;
import io.gatewatch.api.ResponseSource;
import io.gatewatch.api.TraceContext;
import io.gatewatch.spi.RequestListener;
import java.time.Clock;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Turns recorded requests into access events on the gateway's thread: sample, take a permit from
 * the rate cap, copy the values into a ring slot. Never blocks and allocates nothing; an event
 * that finds the cap spent or the ring full is dropped and counted.
 */
final class AccessLogListener implements RequestListener {
    private final EventRing ring;
    private final double sampleRate;
    private final RateCap cap;
    private final Clock clock;
    private final Counter droppedByRate;
    private final Counter droppedQueueFull;

    AccessLogListener(EventRing ring, double sampleRate, RateCap cap, Clock clock, Counter droppedByRate,
                      Counter droppedQueueFull) {
        this.ring = ring;
        this.sampleRate = sampleRate;
        this.cap = cap;
        this.clock = clock;
        this.droppedByRate = droppedByRate;
        this.droppedQueueFull = droppedQueueFull;
    }

    @Override
    public void onRequest(String service, String route, HttpMethod method, int status, ResponseSource source,
                          String consumer, long totalNanos, long upstreamNanos, long bytesIn, long bytesOut,
                          TraceContext trace) {
        if (sampleRate < 1.0 && ThreadLocalRandom.current().nextDouble() >= sampleRate) {
            return;
        }
        if (!cap.tryAcquire()) {
            droppedByRate.increment();
            return;
        }
        int i = ring.claim();
        if (i < 0) {
            droppedQueueFull.increment();
            return;
        }
        ring.timestampMillis[i] = clock.millis();
        ring.service[i] = service;
        ring.route[i] = route;
        ring.method[i] = method;
        ring.status[i] = status;
        ring.source[i] = source;
        ring.consumer[i] = consumer;
        ring.totalNanos[i] = totalNanos;
        ring.upstreamNanos[i] = upstreamNanos;
        ring.bytesIn[i] = bytesIn;
        ring.bytesOut[i] = bytesOut;
        ring.traceHigh[i] = trace == null ? 0 : trace.traceIdHigh();
        ring.traceLow[i] = trace == null ? 0 : trace.traceIdLow();
        ring.spanId[i] = trace == null ? 0 : trace.spanId();
        ring.publish(i);
    }
}
