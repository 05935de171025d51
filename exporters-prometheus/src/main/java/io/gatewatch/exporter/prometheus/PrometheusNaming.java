package io.gatewatch.exporter.prometheus;

import io.gatewatch.api.Unit;
import io.gatewatch.snapshot.MetricDescriptor;
import io.gatewatch.snapshot.MetricType;
import io.gatewatch.spi.support.MetricNames;
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

    /**
     * The family name without {@code _total}: what OpenMetrics calls the metric. It is
     * {@link MetricNames#underscore}'s name, the one every underscore backend gets, less the
     * {@code _total} that only counter samples carry.
     */
    static String familyName(MetricDescriptor d, String prefix) {
        String name = MetricNames.underscore(d, prefix);
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

    /**
     * The {@code le} value of a bucket bound given in the raw unit, written exactly as simpleclient
     * writes it, so both output formats give Prometheus the same series.
     */
    static String le(Unit unit, long rawBound) {
        double base = unit == Unit.SECONDS ? rawBound / 1e9 : (double) rawBound;
        return Collector.doubleToGoString(base);
    }
}
