package io.gatewatch.exporter.prometheus;

import io.gatewatch.snapshot.MetricDescriptor;
import io.gatewatch.snapshot.MetricType;
import io.gatewatch.api.Unit;
import io.prometheus.client.Collector;

/**
 * gatewatch's canonical dotted names in Prometheus' convention: {@code [prefix_]} + snake_case
 * name + base-unit suffix, with {@code _total} on counter samples. {@code request.duration}
 * (seconds) becomes {@code gateway_request_duration_seconds}; {@code requests} (counter) becomes
 * the family {@code gateway_requests} with samples {@code gateway_requests_total}.
 */
final class PrometheusNaming {
    private PrometheusNaming() {
    }

    /** The family name without {@code _total}: what OpenMetrics calls the metric. */
    static String familyName(MetricDescriptor d, String prefix) {
        StringBuilder sb = new StringBuilder();
        if (d.prefixed() && !prefix.isEmpty()) {
            sb.append(prefix).append('_');
        }
        sb.append(d.name());
        String suffix = d.unit().suffix();
        if (!suffix.isEmpty() && !d.name().endsWith(suffix)) {
            sb.append('_').append(suffix);
        }
        String name = sanitizeMetricName(sb.toString());
        if (d.type() == MetricType.COUNTER && name.endsWith("_total")) {
            name = name.substring(0, name.length() - "_total".length());
        }
        return name;
    }

    /** The OpenMetrics unit of the family, or empty when its name does not end with it. */
    static String unit(MetricDescriptor d, String familyName) {
        String suffix = d.unit().suffix();
        return d.unit() != Unit.NONE && familyName.endsWith("_" + suffix) ? suffix : "";
    }

    /** Any character outside {@code [a-zA-Z0-9_:]}, and a leading digit, becomes {@code _}. */
    static String sanitizeMetricName(String name) {
        return Collector.sanitizeMetricName(name);
    }

    /** Any character outside {@code [a-zA-Z0-9_]} becomes {@code _}; {@code __} is reserved, so it gets an extra letter. */
    static String sanitizeLabelName(String name) {
        if (name.isEmpty()) {
            return "_";
        }
        StringBuilder sb = new StringBuilder(name.length() + 1);
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || (i > 0 && c >= '0' && c <= '9');
            if (i == 0 && c >= '0' && c <= '9') {
                sb.append('_').append(c);
            } else {
                sb.append(ok ? c : '_');
            }
        }
        if (sb.length() >= 2 && sb.charAt(0) == '_' && sb.charAt(1) == '_') {
            sb.insert(0, 'x');
        }
        return sb.toString();
    }

    /**
     * The {@code le} value of a bucket bound given in the raw unit, written exactly as simpleclient
     * writes it, so both output formats give Prometheus the same series.
     */
    static String le(Unit unit, long rawBound) {
        double base = unit == Unit.SECONDS ? rawBound / 1e9 : (double) rawBound;
        return Collector.doubleToGoString(base);
    }
}
