package io.gatewatch.exporter.prometheus;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The shipped Prometheus assets pass promtool: rules are valid and every alert fires in its unit test. */
class OpsAssetsIT {
    private final Path ops = Peers.opsDir();

    @Test
    void alertRulesAreValid() throws Exception {
        Path promtool = Peers.require("promtool");
        Peers.Result r = Peers.run(List.of(promtool.toString(), "check", "rules", "alerts.yml"), ops, null);
        assertThat(r.exit()).as(r.output()).isZero();
        assertThat(r.output()).contains("SUCCESS: 9 rules found");
    }

    @Test
    void everyAlertFiresOnItsSyntheticSeries() throws Exception {
        Path promtool = Peers.require("promtool");
        Peers.Result r = Peers.run(List.of(promtool.toString(), "test", "rules", "alerts-test.yml"), ops, null);
        assertThat(r.exit()).as(r.output()).isZero();
        assertThat(r.output()).contains("SUCCESS");
    }

    @Test
    void scrapeConfigIsValid() throws Exception {
        Path promtool = Peers.require("promtool");
        Peers.Result r = Peers.run(List.of(promtool.toString(), "check", "config", "prometheus.yml"), ops, null);
        assertThat(r.exit()).as(r.output()).isZero();
        assertThat(r.output()).contains("is valid prometheus config file syntax");
    }
}
