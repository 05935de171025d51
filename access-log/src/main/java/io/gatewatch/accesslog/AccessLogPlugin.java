package io.gatewatch.accesslog;

import com.google.inject.AbstractModule;
import com.google.inject.Module;
import com.typesafe.config.Config;
import io.gatewatch.api.Counter;
import io.gatewatch.api.Family;
import io.gatewatch.spi.Contributions;
import io.gatewatch.spi.GatewatchPlugin;
import io.gatewatch.spi.PluginContext;
import java.io.FileDescriptor;
import java.io.FileOutputStream;

/**
 * The access-log plugin: {@code gatewatch.access-log { enabled = true }} writes one JSON line per
 * recorded request (see {@link JsonLine}) to standard output or a file, sampled and rate-capped,
 * from a thread of its own. Found through {@code META-INF/services/io.gatewatch.spi.GatewatchPlugin}.
 *
 * <p>Self-metrics: {@code gatewatch_access_log_lines_total} (written: flushed to the output) and
 * {@code gatewatch_access_log_dropped_total{reason}} with reason {@code rate_limit} (over
 * {@code max-events-per-second}), {@code queue_full} (the writer fell behind) or {@code write_error}
 * (lines lost to a failed write, a full disk for one). Write failures also show in {@code /status}
 * as the {@code access-log} component, degraded while they last.
 */
public final class AccessLogPlugin implements GatewatchPlugin {

    @Override
    public String name() {
        return "access-log";
    }

    @Override
    public String configPath() {
        return "access-log";
    }

    /** Validates the settings and binds the listener and the writer; the writer's thread starts with gatewatch. */
    @Override
    public Module module(Config config, PluginContext context) {
        AccessLogSettings settings = AccessLogSettings.from(config);
        Family<Counter> dropped = context.selfMetrics().counter("gatewatch.access_log.dropped",
                "Access-log lines not written, by reason", "reason");
        Counter lines = context.selfMetrics().counter("gatewatch.access_log.lines", "Access-log lines written")
                .labels();
        EventRing ring = new EventRing(settings.queueSize());
        AccessLogListener listener = new AccessLogListener(ring, settings.sampleRate(),
                new RateCap(settings.maxEventsPerSecond(), context::nanoTime), context.clock(),
                dropped.labels("rate_limit"), dropped.labels("queue_full"));
        AccessLogWriter writer = new AccessLogWriter(ring, new JsonLine(context.runtime().nodeId()), settings.file(),
                new FileOutputStream(FileDescriptor.out), context.threadFactory("access-log"), lines,
                dropped.labels("write_error"), context.health().component("access-log"));
        return new AbstractModule() {
            @Override
            protected void configure() {
                Contributions.requestListeners(binder()).addBinding().toInstance(listener);
                Contributions.lifecycles(binder()).addBinding().toInstance(writer);
            }
        };
    }
}
