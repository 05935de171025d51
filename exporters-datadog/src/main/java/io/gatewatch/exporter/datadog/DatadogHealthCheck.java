package io.gatewatch.exporter.datadog;

import io.gatewatch.api.Probe;
import io.gatewatch.spi.HealthCheck;
import io.gatewatch.spi.HealthResult;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The Datadog intake as seen by the exporter, for {@code /status} only: it counts for no probe,
 * so a Datadog outage or a wrong key never takes the gateway out of liveness or readiness. Down
 * while the key is rejected or sends fail; the data shows the key masked to its last four.
 */
final class DatadogHealthCheck implements HealthCheck {
    private final DatadogExporter exporter;

    DatadogHealthCheck(DatadogExporter exporter) {
        this.exporter = exporter;
    }

    @Override
    public String name() {
        return "datadog-intake";
    }

    @Override
    public Set<Probe> probes() {
        return Set.of();
    }

    /** Reads a cached state, so it can run often: a change shows in /status within a second. */
    @Override
    public java.time.Duration interval() {
        return java.time.Duration.ofSeconds(1);
    }

    @Override
    public HealthResult check() {
        DatadogExporter.Status s = exporter.status();
        DatadogSettings settings = exporter.settings();
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("api-key", settings.apiKey().masked());
        data.put("endpoint", settings.baseUrl());
        data.put("pending-intervals", s.pendingIntervals());
        data.put("dropped-intervals", s.droppedIntervals());
        data.put("dropped-series", s.droppedSeries());
        if (s.lastSuccessMillis() >= 0) {
            data.put("last-success-millis", s.lastSuccessMillis());
        }
        HealthResult result;
        if (s.keyRejected()) {
            result = HealthResult.down("Datadog rejected the API key " + settings.apiKey().masked());
        } else if (s.consecutiveFailures() > 0) {
            result = HealthResult.down("Datadog intake unavailable: " + s.lastError());
        } else {
            result = HealthResult.up(s.lastSuccessMillis() >= 0 ? "delivering" : "nothing sent yet");
        }
        return result.withData(data);
    }
}
