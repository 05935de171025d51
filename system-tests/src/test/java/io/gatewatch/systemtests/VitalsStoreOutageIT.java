package io.gatewatch.systemtests;

import static org.assertj.core.api.Assertions.assertThat;

import io.gatewatch.systemtests.support.Figures;
import io.gatewatch.systemtests.support.ProbeWatch;
import io.gatewatch.systemtests.support.Wrk;
import io.gatewatch.testing.gateway.SampleGatewayProcess;
import io.gatewatch.testing.postgres.PostgresServer;
import io.gatewatch.testing.prometheus.PrometheusText;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shared vitals store's database is stopped for 30 seconds while wrk loads a sample gateway.
 * Probes keep answering 200 within 1 s and requests keep being served (the throughput before
 * and during the outage is printed, not asserted). /status shows vitals-store in trouble. After
 * the database is back, every point the node recorded is in the database or counted as dropped,
 * exactly: the node's own account at shutdown against the rows.
 */
class VitalsStoreOutageIT {
    private static final String DB = "vitals";
    private static final String USER = "gatewatch";
    private static final String PASSWORD = "outage-test-pw-3";
    private static final Duration PROBE_LIMIT = Duration.ofSeconds(1);
    private static final int OUTAGE_SECONDS = 30;
    private static final Pattern ACCOUNT = Pattern.compile(
            "vitals store stopped: recorded=(\\d+) written=(\\d+) dropped=(\\d+) unwritten=(\\d+)");

    @TempDir
    Path dir;

    @Test
    void aDatabaseOutageCostsTheGatewayNothingAndEveryPointIsAccountedFor() throws Exception {
        Wrk wrk = Wrk.find();
        try (PostgresServer pg = PostgresServer.start()) {
            pg.createDatabase(DB, USER, PASSWORD);
            SampleGatewayProcess node = SampleGatewayProcess.start(dir.resolve("node"), SampleGatewayProcess.options()
                    .set("gatewatch.vitals.store", "postgres")
                    .set("gatewatch.vitals.postgres.url", pg.jdbcUrl(DB))
                    .set("gatewatch.vitals.postgres.user", USER)
                    .set("gatewatch.vitals.postgres.password", PASSWORD)
                    // 20 points: a 30 s outage (30 one-second points and a minute) overflows it
                    .set("gatewatch.vitals.postgres.buffer-size", 20)
                    .set("gatewatch.vitals.postgres.batch-size", 5)
                    .set("gatewatch.vitals.postgres.connect-timeout", "1s"));
            try {
                node.awaitStatus("schema ready", Duration.ofSeconds(30));
                String target = node.url("/api/flaky/load");
                wrk.run(dir, target, 2, 16, 3, null); // warm-up
                Wrk.Result before = wrk.run(dir, target, 2, 16, 8, null);
                Wrk.Result during;
                long slowestProbe;
                try (ProbeWatch probes = new ProbeWatch(node.statusPort, List.of("/health/live", "/health/ready"),
                        PROBE_LIMIT, 100)) {
                    CompletableFuture<Wrk.Result> load = CompletableFuture.supplyAsync(() -> {
                        try {
                            return wrk.run(dir, target, 2, 16, OUTAGE_SECONDS + 4, null);
                        } catch (Exception e) {
                            throw new IllegalStateException(e);
                        }
                    });
                    // the outage starts inside the load run: once its requests are being counted
                    double counted = new PrometheusText(node.metrics()).sum("gateway_requests_total");
                    Awaitility.await("the load run under way").atMost(Duration.ofSeconds(30))
                            .pollInterval(Duration.ofMillis(100))
                            .until(() -> new PrometheusText(node.metrics()).sum("gateway_requests_total") > counted + 100);
                    pg.stopServer();
                    long outageStart = System.nanoTime();
                    String status = node.awaitStatus("points dropped", Duration.ofSeconds(OUTAGE_SECONDS));
                    assertThat(status).as("/status during the outage").contains("vitals-store").contains("points dropped");
                    // the outage lasts its 30 s whatever the checks above took
                    long left = Duration.ofSeconds(OUTAGE_SECONDS).toMillis() - (System.nanoTime() - outageStart) / 1_000_000;
                    if (left > 0) {
                        Thread.sleep(left);
                    }
                    pg.startServer();
                    during = load.join();
                    assertThat(probes.misses()).as("probes during the outage").isEmpty();
                    assertThat(probes.probes()).isGreaterThan(100);
                    slowestProbe = probes.slowestMillis();
                }
                assertThat(during.socketErrors()).isZero();
                // back: the buffer drains, the status recovers
                Awaitility.await("the buffer drained").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                        .until(() -> node.metric("gatewatch_vitals_buffered_points") == 0);
                double droppedMetric = node.metric("gatewatch_vitals_dropped_points_total");
                assertThat(node.awaitStatus("points written", Duration.ofSeconds(30))).contains("points written");

                assertThat(node.stop()).isEqualTo(143);
                Matcher account = ACCOUNT.matcher(Files.readString(node.dir.resolve("gateway.log")));
                assertThat(account.find()).as("the node's account in its log:\n" + node.log()).isTrue();
                long recorded = Long.parseLong(account.group(1));
                long written = Long.parseLong(account.group(2));
                long dropped = Long.parseLong(account.group(3));
                long unwritten = Long.parseLong(account.group(4));
                long rows = rows(pg);
                assertThat(rows).as("rows in the database").isEqualTo(written);
                assertThat(written + dropped + unwritten).as("recorded = written + dropped + unwritten").isEqualTo(recorded);
                assertThat(unwritten).as("the database was up at stop").isZero();
                assertThat(dropped).as("a 30 s outage overflows 20 points").isPositive();
                assertThat((long) droppedMetric).as("gatewatch_vitals_dropped_points_total").isEqualTo(dropped);
                Figures.record("vitals store outage", "%d s database outage under wrk (2 threads, 16 connections): "
                        + "%.0f req/s before, %.0f req/s during; slowest probe %d ms; points recorded %d, written %d, "
                        + "dropped %d (buffer 20)", OUTAGE_SECONDS, before.requestsPerSecond(), during.requestsPerSecond(),
                        slowestProbe, recorded, written, dropped);
            } finally {
                node.close();
            }
        }
    }

    private static long rows(PostgresServer pg) throws Exception {
        try (Connection c = DriverManager.getConnection(pg.jdbcUrl(DB), PostgresServer.SUPERUSER,
                PostgresServer.SUPERUSER_PASSWORD);
             Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT count(*) FROM vitals_points")) {
            r.next();
            return r.getLong(1);
        }
    }
}
