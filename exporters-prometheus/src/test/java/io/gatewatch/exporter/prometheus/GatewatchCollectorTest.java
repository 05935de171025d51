package io.gatewatch.exporter.prometheus;

import static org.assertj.core.api.Assertions.assertThat;

import io.gatewatch.api.HttpMethod;
import io.gatewatch.api.ResponseSource;
import io.gatewatch.testing.TestPluginContext;
import io.prometheus.client.CollectorRegistry;
import io.prometheus.client.Counter;
import io.prometheus.client.exporter.common.TextFormat;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class GatewatchCollectorTest {

    @Test
    void theJavadocSampleWorksAsWritten() throws Exception {
        CollectorRegistry hostRegistry = new CollectorRegistry(true);
        try (io.gatewatch.Gatewatch gatewatch = io.gatewatch.Gatewatch.builder()
                .config(com.typesafe.config.ConfigFactory.parseString(
                        "gatewatch { shutdown-hook = false, status.drain-delay = 0s, metrics.jvm = false }"))
                .start()) {
            gatewatch.metrics().route("accounts", "get-user").record(HttpMethod.GET, 200, ResponseSource.UPSTREAM,
                    2_000_000L, 1_500_000L, 10, 20);
            new GatewatchCollector(gatewatch::snapshot, "gateway").register(hostRegistry);
            StringWriter out = new StringWriter();
            TextFormat.write004(out, hostRegistry.metricFamilySamples());
            assertThat(out.toString()).contains("gateway_requests_total{");
        }
    }

    @Test
    void registersInAHostRegistryBesideTheHostsOwnMetrics() throws Exception {
        TestPluginContext context = Fixtures.context();
        CollectorRegistry host = new CollectorRegistry(true);
        Counter.build("host_logins_total", "Logins").register(host).inc();
        new GatewatchCollector(context.snapshots(), "gateway").register(host);

        // recorded after registration: the collector reads at scrape time, nothing is copied before
        context.store().gatewayMetrics().route("accounts", "get-user")
                .record(HttpMethod.POST, 201, ResponseSource.UPSTREAM, 7_000_000L, 5_000_000L, 1, 2);

        assertThat(host.getSampleValue("host_logins_total")).isEqualTo(1.0);
        assertThat(host.getSampleValue("gateway_requests_total",
                new String[] {"service", "route", "method", "status", "source"},
                new String[] {"accounts", "get-user", "POST", "201", "upstream"})).isEqualTo(1.0);
        assertThat(host.getSampleValue("gateway_request_duration_seconds_bucket",
                new String[] {"service", "route", "le"}, new String[] {"accounts", "get-user", "0.01"})).isEqualTo(1.0);
        assertThat(host.getSampleValue("gateway_request_duration_seconds_sum",
                new String[] {"service", "route"}, new String[] {"accounts", "get-user"})).isEqualTo(0.007);

        StringWriter text = new StringWriter();
        TextFormat.write004(text, host.metricFamilySamples());
        Exposition.parse(text.toString());
    }
}
