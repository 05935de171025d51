package io.gatewatch.exporter.prometheus;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.gatewatch.testing.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The dashboard and the Kubernetes assets agree with what the exporter serves. */
class OpsAssetsTest {
    private final Path ops = Peers.opsDir();

    static List<String> dashboardExpressions(Path ops) throws Exception {
        JsonNode dashboard = Json.read(Files.readString(ops.resolve("grafana-dashboard.json")));
        List<String> exprs = new ArrayList<>();
        // get(), not path(): a dashboard without panels or a panel without targets fails here
        for (JsonNode panel : dashboard.get("panels")) {
            for (JsonNode target : panel.get("targets")) {
                exprs.add(target.path("expr").textValue());
            }
        }
        return exprs;
    }

    @Test
    void dashboardCoversWhatOperatorsAskFirst() throws Exception {
        JsonNode dashboard = Json.read(Files.readString(ops.resolve("grafana-dashboard.json")));
        List<String> titles = new ArrayList<>();
        dashboard.get("panels").forEach(panel -> titles.add(panel.path("title").textValue()));
        assertThat(titles).contains("Request rate by route", "Error ratio by status class",
                "Latency p50 / p95 / p99 by route", "Upstream vs gateway latency (p95)", "Connections", "Auth failures",
                "Cache hit ratio", "Circuit breakers open", "Exporter health");
        List<String> exprs = dashboardExpressions(ops);
        String all = String.join("\n", exprs);
        // every gateway metric the dashboard reads is one the exporter writes (catalogue names)
        Matcher m = Pattern.compile("\\b(gateway|gatewatch)_[a-z_]+").matcher(all);
        while (m.find()) {
            assertThat(m.group()).matches("gateway_(requests_total|request_duration_seconds_bucket"
                    + "|upstream_duration_seconds_bucket|overhead_duration_seconds_bucket|connections_active"
                    + "|connections_(opened|rejected)_total|auth_failures_total|cache_(hits|misses)_total"
                    + "|circuit_breaker_state|upstream_target_health|requests_in_flight)"
                    + "|gatewatch_(exporter_errors_total|cardinality_overflow_total"
                    + "|prometheus_scrape_duration_seconds_(sum|count))");
        }
        assertThat(all).contains("histogram_quantile(0.5,", "histogram_quantile(0.95,", "histogram_quantile(0.99,");
    }

    @Test
    void serviceMonitorScrapesTheStatusPortAtTheDefaultPath() throws Exception {
        String k8s = Files.readString(ops.resolve("kubernetes.yaml"));
        assertThat(k8s).contains("kind: ServiceMonitor", "- port: status", "path: " + PrometheusSettings.defaults().path(),
                "path: /health/live", "path: /health/ready");
        String scrape = Files.readString(ops.resolve("prometheus.yml"));
        assertThat(scrape).contains("metrics_path: " + PrometheusSettings.defaults().path(), "job_name: gatewatch");
    }
}
