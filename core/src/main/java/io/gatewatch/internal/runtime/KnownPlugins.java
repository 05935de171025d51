package io.gatewatch.internal.runtime;

import java.util.Map;

/**
 * First-party plugins by config path, with the artifact that provides each: enabling one whose
 * jar is absent fails with the artifact to add instead of a bare "unknown setting".
 */
final class KnownPlugins {
    static final String GROUP = "io.gatewatch";

    static final Map<String, String> ARTIFACTS = Map.of(
            "status", "gatewatch-health-probes",
            "exporters.prometheus", "gatewatch-exporter-prometheus",
            "exporters.statsd", "gatewatch-exporter-statsd",
            "exporters.datadog", "gatewatch-exporter-datadog",
            "vitals", "gatewatch-vitals",
            "exporters.json-file", "gatewatch-plugins-sample",
            "checks.upstream-tcp", "gatewatch-plugins-sample",
            "sources.file-age", "gatewatch-plugins-sample",
            "access-log", "gatewatch-access-log");

    private KnownPlugins() {
    }
}
