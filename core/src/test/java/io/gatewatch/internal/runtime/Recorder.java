package io.gatewatch.internal.runtime;

import io.gatewatch.snapshot.Snapshot;
import io.gatewatch.spi.Lifecycle;
import io.gatewatch.spi.PushExporter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/** Lifecycles and exporters that write what happens to them into one ordered event list. */
final class Recorder {
    private final List<String> events = new ArrayList<>();

    synchronized void add(String event) {
        events.add(event);
    }

    synchronized List<String> events() {
        return List.copyOf(events);
    }

    Lifecycle lifecycle(String name, Lifecycle.StopPhase phase) {
        return lifecycle(name, phase, null);
    }

    Lifecycle lifecycle(String name, Lifecycle.StopPhase phase, RuntimeException failOnStart) {
        return new Lifecycle() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public void start() {
                add(name + ".start");
                if (failOnStart != null) {
                    throw failOnStart;
                }
            }

            @Override
            public void stop() {
                add(name + ".stop");
            }

            @Override
            public StopPhase stopPhase() {
                return phase;
            }
        };
    }

    /** An exporter recording its calls; {@code context} is appended to export events (such as the runtime state). */
    CountingExporter exporter(String name, Duration interval, Supplier<String> context, boolean failExports) {
        return new CountingExporter(name, interval, context, failExports);
    }

    final class CountingExporter implements PushExporter {
        private final String name;
        private final Duration interval;
        private final Supplier<String> context;
        private final boolean failExports;
        final AtomicInteger exports = new AtomicInteger();
        private final AtomicInteger concurrent = new AtomicInteger();
        volatile int maxConcurrent;

        CountingExporter(String name, Duration interval, Supplier<String> context, boolean failExports) {
            this.name = name;
            this.interval = interval;
            this.context = context;
            this.failExports = failExports;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public Duration interval() {
            return interval;
        }

        @Override
        public void export(Snapshot snapshot) throws InterruptedException {
            int now = concurrent.incrementAndGet();
            maxConcurrent = Math.max(maxConcurrent, now);
            try {
                exports.incrementAndGet();
                add(name + ".export" + context.get());
                Thread.sleep(2);   // long enough that overlapping calls would be seen
                if (failExports) {
                    throw new IllegalStateException("backend of " + name + " refused the connection");
                }
            } finally {
                concurrent.decrementAndGet();
            }
        }

        @Override
        public void flush() {
            add(name + ".flush");
        }

        @Override
        public void close() {
            add(name + ".close");
        }
    }
}
