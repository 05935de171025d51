package io.gatewatch.vitals.internal;

import io.gatewatch.internal.store.MetricStore;
import io.gatewatch.internal.store.StoreSettings;
import io.gatewatch.testing.ManualClock;
import io.gatewatch.testing.RecordingHealth;
import io.gatewatch.testing.RecordingMeters;
import io.gatewatch.testing.postgres.PostgresServer;
import io.gatewatch.vitals.PostgresSettings;
import io.gatewatch.vitals.VitalsSettings;
import io.gatewatch.vitals.testing.SyntheticTraffic;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.Executors;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The figures of vitals/README.md, measured on a real PostgreSQL: rows and bytes one node writes
 * (points, top names and status codes)
 * per second and per day with believable traffic, and the time of a 24-hour cluster query for 10
 * and 100 nodes, their points loaded through the same writer. Prints, asserts nothing about
 * speed. Opt-in ({@code -Dvitals.figures=true}): it loads 144,000 points.
 */
class SharedStoreFiguresIT {
    private static final long T0 = Instant.parse("2026-11-22T00:00:00Z").toEpochMilli();
    private static final int SECONDS = 600;

    @Test
    void figures() throws Exception {
        Assumptions.assumeTrue(Boolean.getBoolean("vitals.figures"), "figures only with -Dvitals.figures=true");
        try (PostgresServer pg = PostgresServer.start()) {
            pg.createDatabase("vitals", "gw", "figures-pw");
            PostgresSettings settings = new PostgresSettings(pg.jdbcUrl("vitals"), "gw",
                    new PostgresSettings.Password("figures-pw"), 2, 500, 100_000, Duration.ofSeconds(5),
                    Duration.ofDays(1), 10_000);
            ManualClock clock = new ManualClock(T0 + 5);
            PostgresStore store = new PostgresStore(settings);
            List<StoredPoint> minutes = new ArrayList<>();
            SharedStoreWriter writer = new SharedStoreWriter(store, UUID.randomUUID(),
                    () -> new SharedStoreWriter.NodeIdentity("figures", "host", "test"), clock,
                    Executors.defaultThreadFactory(), new RecordingHealth().component("vitals-store"), new RecordingMeters(),
                    new RetentionCleaner(store, Duration.ofHours(1), Duration.ofHours(25), clock));
            VitalsHistory history = new VitalsHistory(VitalsSettings.defaults(), p -> {
                if (p.resolution() == Resolution.COARSE) {
                    minutes.add(p);
                }
                writer.accept(p);
            });
            MetricStore metrics = new MetricStore(StoreSettings.defaults("figures").withPerConsumer(true).withJvmMetrics(false));
            SyntheticTraffic traffic = new SyntheticTraffic(metrics.gatewayMetrics());
            VitalsSampler sampler = new VitalsSampler(history, () -> metrics.snapshot(clock.millis(), List.of()), clock,
                    Executors.defaultThreadFactory(), new RecordingHealth().component("vitals"));
            sampler.sampleOnce();
            writer.start();
            for (int s = 0; s < SECONDS; s++) {
                traffic.second(s);
                clock.advance(Duration.ofSeconds(1));
                sampler.sampleOnce();
            }
            Awaitility.await().atMost(Duration.ofMinutes(2)).until(() -> writer.writtenTotal() == writer.buffer().offered());
            writer.stop();
            try (Connection c = DriverManager.getConnection(pg.jdbcUrl("vitals"), PostgresServer.SUPERUSER,
                    PostgresServer.SUPERUSER_PASSWORD)) {
                exec(c, "VACUUM ANALYZE");
                long points = single(c, "SELECT count(*) FROM vitals_points");
                long tops = single(c, "SELECT count(*) FROM vitals_top");
                long codes = single(c, "SELECT count(*) FROM vitals_status_codes");
                long fineBytes = single(c, "SELECT pg_total_relation_size('vitals_points') + pg_total_relation_size('vitals_top')"
                        + " + pg_total_relation_size('vitals_status_codes')");
                long codesBytes = single(c, "SELECT pg_total_relation_size('vitals_status_codes')");
                long codeRow = single(c, "SELECT avg(pg_column_size(s.*))::bigint FROM vitals_status_codes s");
                long pointRow = single(c, "SELECT avg(pg_column_size(p.*))::bigint FROM vitals_points p");
                long topRow = single(c, "SELECT avg(pg_column_size(t.*))::bigint FROM vitals_top t");
                double rowsPerSecond = (points + tops + codes) / (double) SECONDS;
                double bytesPerSecond = fineBytes / (double) SECONDS;
                print("one node, %d s of synthetic traffic (8 routes, 6 services, 5 consumers): %d point rows, %d top rows",
                        SECONDS, points, tops);
                print("status-code rows: %d (%.1f a point, %d bytes a row on average, %.0f bytes per point with indexes)",
                        codes, (double) codes / points, codeRow, codesBytes / (double) points);
                print("rows per node: %.1f per second, %.2f million per day", rowsPerSecond, rowsPerSecond * 86_400 / 1e6);
                print("bytes per node (tables and indexes): %.0f per second, %.0f MB per day written; rows on average "
                        + "%d bytes (point) and %d bytes (top name)", bytesPerSecond, bytesPerSecond * 86_400 / 1e6, pointRow, topRow);
                double fineShare = (double) single(c, "SELECT count(*) FROM vitals_points WHERE resolution = 1")
                        / points;
                double topPerPoint = (double) tops / points;
                double perPointBytes = fineBytes / (double) (points);
                print("size per node kept with the default retentions (1 h of 1 s points, 25 h of 1 min points): %.1f MB "
                        + "(%.0f bytes per point with its top names; %.2f of the points are 1 s points, %.1f top rows a point)",
                        (3600 + 1500) * perPointBytes / 1e6, perPointBytes, fineShare, topPerPoint);
            }
            // 24 hours of 1-minute points for 10, then 100 nodes, through the same write path
            PostgresStore loader = new PostgresStore(settings);
            long day = 1440;
            long firstMinute = Math.floorDiv(T0, 60_000) + 100;
            int loaded = 0;
            ClusterReader reader = new ClusterReader(loader, 20);
            for (int target : new int[] {10, 100}) {
                long loadStart = System.nanoTime();
                for (; loaded < target; loaded++) {
                    int key = loader.register(UUID.randomUUID(), "synthetic-" + loaded, "host", "test", T0);
                    List<StoredPoint> batch = new ArrayList<>();
                    for (long m = 0; m < day; m++) {
                        StoredPoint model = minutes.get((int) (m % minutes.size()));
                        batch.add(new StoredPoint(Resolution.COARSE, (firstMinute + m) * 60_000, model.counts(),
                                model.latency(), model.connectionSum(), model.connectionSamples(), model.services(),
                                model.routes(), model.consumers(), model.statusCodes()));
                        if (batch.size() == 500) {
                            loader.write(key, batch, T0);
                            batch.clear();
                        }
                    }
                    loader.write(key, batch, T0);
                }
                long loadMillis = (System.nanoTime() - loadStart) / 1_000_000;
                try (Connection c = DriverManager.getConnection(pg.jdbcUrl("vitals"), PostgresServer.SUPERUSER,
                        PostgresServer.SUPERUSER_PASSWORD)) {
                    exec(c, "VACUUM ANALYZE");
                }
                long best = Long.MAX_VALUE;
                for (int run = 0; run < 3; run++) {
                    long start = System.nanoTime();
                    reader.ring(Resolution.COARSE, firstMinute, (int) day, null, 0);
                    best = Math.min(best, (System.nanoTime() - start) / 1_000_000);
                }
                long withTops = Long.MAX_VALUE;
                for (int run = 0; run < 3; run++) {
                    long start = System.nanoTime();
                    reader.ring(Resolution.COARSE, firstMinute, (int) day, null, (int) day);
                    withTops = Math.min(withTops, (System.nanoTime() - start) / 1_000_000);
                }
                print("24-hour cluster query at 1 min (1440 periods) over %d nodes: %d ms without top names, %d ms with "
                        + "them (best of 3); loading them took %d ms", target, best, withTops, loadMillis);
            }
            loader.close();
        }
    }

    private static void print(String format, Object... args) {
        System.out.println("FIGURES " + Instant.now() + " vitals store: " + String.format(Locale.ROOT, format, args));
    }

    private static void exec(Connection c, String sql) throws Exception {
        try (Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    private static long single(Connection c, String sql) throws Exception {
        try (Statement s = c.createStatement(); ResultSet r = s.executeQuery(sql)) {
            r.next();
            return r.getLong(1);
        }
    }
}
