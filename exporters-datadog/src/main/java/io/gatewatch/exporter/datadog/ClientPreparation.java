package io.gatewatch.exporter.datadog;

import io.gatewatch.spi.Lifecycle;

/**
 * Readies the Datadog client while gatewatch starts, before the gateway reports ready. Built
 * lazily instead, the client's class loading and first-use compilation (about two seconds of
 * busy work in our end-to-end runs, a few percent of a two-core machine's capacity) would land
 * in the first interval, while the gateway serves traffic. Nothing is sent; closing stays with
 * the exporter.
 */
final class ClientPreparation implements Lifecycle {
    private final DatadogExporter exporter;

    ClientPreparation(DatadogExporter exporter) {
        this.exporter = exporter;
    }

    @Override
    public String name() {
        return "datadog-client";
    }

    @Override
    public void start() {
        exporter.prepare();
    }

    @Override
    public void stop() {
        // the exporter closes the client after its final flush
    }
}
