package io.gatewatch.spi;

/**
 * Where a component that is not a {@link HealthCheck} (an exporter's backend, a config reload)
 * reports what happened. Push exporters are reported automatically; use this for anything else.
 *
 * <pre>{@code
 * HealthReporter.Component backend = context.health().component("exporter:json-file");
 * backend.ok("wrote 120 series");
 * backend.error("disk full");
 * }</pre>
 *
 * <p>Thread-safe; cheap enough to call once per interval, not per request.
 */
public interface HealthReporter {

    /** The named component, created on first use. Components reported here do not affect liveness. */
    Component component(String name);

    interface Component {
        void ok(String message);

        void error(String message);
    }
}
