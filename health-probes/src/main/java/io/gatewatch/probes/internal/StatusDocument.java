package io.gatewatch.probes.internal;

import io.gatewatch.api.HealthView;
import io.gatewatch.api.HealthView.ComponentHealth;
import io.gatewatch.api.HealthView.HealthRecord;
import io.gatewatch.api.Probe;
import io.gatewatch.api.RuntimeInfo;
import io.gatewatch.spi.StatusResponse;
import io.gatewatch.spi.support.JsonWriter;
import java.time.Instant;
import java.util.Locale;

/**
 * The detailed {@code /status} document, shaped like the ConfigCat Proxy's: a root
 * {@code healthy}/{@code degraded}/{@code down} status, who this node is, and per component its
 * status and last records ({@code "<timestamp>: [ok] <message>"}). Always 200: it describes, the
 * probes decide.
 */
final class StatusDocument {
    private final HealthView health;
    private final RuntimeInfo runtime;
    private final Redactor redactor;

    StatusDocument(HealthView health, RuntimeInfo runtime, Redactor redactor) {
        this.health = health;
        this.runtime = runtime;
        this.redactor = redactor;
    }

    StatusResponse render() {
        JsonWriter json = new JsonWriter(redactor::mask).beginObject()
                .member("status", health.overall().label())
                .member("state", runtime.state().name().toLowerCase(Locale.ROOT))
                .member("nodeId", runtime.nodeId())
                .member("version", runtime.version())
                .member("commit", runtime.commit())
                .member("startTime", Instant.ofEpochMilli(runtime.startTimeMillis()).toString())
                .name("components").beginObject();
        for (ComponentHealth component : health.components()) {
            json.name(component.name()).beginObject().member("status", component.status().label());
            json.name("probes").beginArray();
            for (Probe probe : component.probes()) {
                json.value(probe.name().toLowerCase(Locale.ROOT));
            }
            json.endArray().name("records").beginArray();
            for (HealthRecord record : component.records()) {
                json.value(format(record));
            }
            json.endArray();
            if (!component.data().isEmpty()) {
                json.name("data").any(Redactor.maskSecretNames(component.data()));
            }
            json.endObject();
        }
        json.endObject().endObject();
        return StatusResponse.json(200, json.toString());
    }

    static String format(HealthRecord record) {
        return Instant.ofEpochMilli(record.timestampMillis()) + ": " + (record.ok() ? "[ok] " : "[error] ")
                + record.message();
    }
}
