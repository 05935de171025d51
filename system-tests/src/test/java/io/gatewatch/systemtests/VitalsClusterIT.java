package io.gatewatch.systemtests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.gatewatch.snapshot.HistogramPoint;
import io.gatewatch.spi.support.HistogramStats;
import io.gatewatch.snapshot.Labels;
import io.gatewatch.testing.Json;
import io.gatewatch.testing.gateway.GatewayOptions;
import io.gatewatch.testing.gateway.SampleGatewayProcess;
import io.gatewatch.testing.postgres.PostgresServer;
import java.nio.file.Path;
import java.sql.Array;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three sample gateway processes write their vitals to one real PostgreSQL while they serve
 * traffic. Any node's API shows the cluster: per second, its requests, status classes and bytes
 * are exactly the sum of the three nodes' own series, and its latency percentiles are those of
 * the nodes' merged histogram buckets (read from the database). A node killed with SIGKILL keeps
 * its points in the cluster view, and a gateway started again is a new node.
 */
class VitalsClusterIT {
    private static final String DB = "vitals";
    private static final String USER = "gatewatch";
    private static final String PASSWORD = "cluster-test-pw-7";
    private static final String KEY = "alice-key";

    @TempDir
    Path dir;

    private GatewayOptions options(PostgresServer pg) {
        return SampleGatewayProcess.options()
                .set("gatewatch.vitals.store", "postgres")
                .set("gatewatch.vitals.postgres.url", pg.jdbcUrl(DB))
                .set("gatewatch.vitals.postgres.user", USER)
                .set("gatewatch.vitals.postgres.password", PASSWORD);
    }

    @Test
    void theClusterIsTheSumOfItsNodesAndSurvivesAKilledNode() throws Exception {
        try (PostgresServer pg = PostgresServer.start()) {
            pg.createDatabase(DB, USER, PASSWORD);
            List<SampleGatewayProcess> nodes = new ArrayList<>();
            try {
                // from before the nodes exist: a node stamps each 1 s point with the second that just
                // ended, and a sample that runs late puts the first requests into a point stamped a
                // second earlier than they were sent (a loaded run missed them with from taken later)
                long from = (System.currentTimeMillis() / 1000 - 2) * 1000;
                for (String name : new String[] {"a", "b", "c"}) {
                    nodes.add(SampleGatewayProcess.start(dir.resolve(name), options(pg)));
                }
                Map<String, SampleGatewayProcess> byId = new HashMap<>();
                for (SampleGatewayProcess n : nodes) {
                    String id = Awaitility.await("the node registered").atMost(Duration.ofSeconds(30))
                            .ignoreExceptions().until(() -> (String) Json.plainObject(n.status("/vitals/nodes").body())
                                    .get("self"), v -> v != null);
                    byId.put(id, n);
                }
                // traffic starts once every node has written a point: its sampler and its writer to the
                // shared store both run
                for (String id : byId.keySet()) {
                    Awaitility.await("node " + id + " sampled").atMost(Duration.ofSeconds(30))
                            .pollInterval(Duration.ofMillis(250)).ignoreExceptions()
                            .until(() -> longs(series(nodes.get(0), "requests", from, id), "requests", "total")
                                    .stream().anyMatch(v -> v != null));
                }
                // different traffic per node: answers from the upstream and 404s nobody routes
                Map<String, Long> sent = new HashMap<>();
                for (int round = 0; round < 6; round++) {
                    int i = 0;
                    for (Map.Entry<String, SampleGatewayProcess> e : byId.entrySet()) {
                        i++;
                        long n = 0;
                        for (int r = 0; r < 10 * i + round; r++) {
                            // the sample's upstream answers 5xx now and then: every answer counts
                            e.getValue().get("/api/users/" + r, KEY);
                            n++;
                        }
                        for (int r = 0; r < i; r++) {
                            assertThat(e.getValue().get("/nowhere/" + r, null).statusCode()).isEqualTo(404);
                            n++;
                        }
                        sent.merge(e.getKey(), n, Long::sum);
                    }
                    Thread.sleep(300);
                }
                SampleGatewayProcess a = nodes.get(0);
                // every node's every request reached the database
                for (String id : byId.keySet()) {
                    Awaitility.await("node " + id + " wrote all its requests").atMost(Duration.ofSeconds(30))
                            .pollInterval(Duration.ofMillis(250))
                            .until(() -> sum(series(a, "requests", from, id), "requests", "total") == sent.get(id));
                }
                long to = System.currentTimeMillis();
                String metrics = "requests,status_classes,bytes,latency";
                Map<String, Object> cluster = series(a, metrics, from, "all", to);
                assertThat(series(nodes.get(1), metrics, from, null, to)).as("the default is the cluster").isEqualTo(cluster);
                assertThat(sum(cluster, "requests", "total")).isEqualTo(sent.values().stream().mapToLong(Long::longValue).sum());
                List<Map<String, Object>> perNode = new ArrayList<>();
                for (String id : byId.keySet()) {
                    perNode.add(series(a, metrics, from, id, to));
                }
                for (String[] field : new String[][] {{"requests", "total"}, {"status_classes", "2xx"},
                    {"status_classes", "4xx"}, {"status_classes", "5xx"}, {"bytes", "in"}, {"bytes", "out"}}) {
                    List<Long> expected = null;
                    for (Map<String, Object> node : perNode) {
                        List<Long> values = longs(node, field[0], field[1]);
                        expected = expected == null ? values : add(expected, values);
                    }
                    assertThat(longs(cluster, field[0], field[1])).as(String.join(".", field)).isEqualTo(expected);
                }
                assertThat(sum(cluster, "status_classes", "4xx")).as("the 404s at least").isGreaterThanOrEqualTo(6 * (1 + 2 + 3));

                // percentiles: those of the three nodes' buckets added together in the database
                Map<Long, HistogramPoint> merged = mergedBuckets(pg);
                List<?> timestamps = (List<?>) cluster.get("timestamps");
                Map<?, ?> latency = (Map<?, ?>) ((Map<?, ?>) cluster.get("metrics")).get("latency");
                long[] bounds = bounds(pg);
                int checked = 0;
                for (int i = 0; i < timestamps.size(); i++) {
                    HistogramPoint h = merged.get(((Number) timestamps.get(i)).longValue());
                    if (h == null) {
                        continue;
                    }
                    for (String q : new String[] {"p50", "p95", "p99"}) {
                        double expected = HistogramStats.percentile(bounds, h, Double.parseDouble(q.substring(1)) / 100)
                                / 1e9;
                        assertThat(((Number) ((List<?>) latency.get(q)).get(i)).doubleValue()).as(q + " at " + i)
                                .isCloseTo(expected, within(1e-12));
                    }
                    checked++;
                }
                assertThat(checked).isPositive();

                // SIGKILL: no shutdown, but what the node wrote stays in the cluster
                String killedId = byId.entrySet().stream().filter(e -> e.getValue() == nodes.get(2)).findFirst()
                        .orElseThrow().getKey();
                nodes.get(2).kill();
                // (the last seconds before "to" may have gained idle points since: the sums are what must hold)
                Map<String, Object> afterKill = series(a, metrics, from, "all", to);
                for (String[] field : new String[][] {{"requests", "total"}, {"status_classes", "4xx"}, {"bytes", "out"}}) {
                    assertThat(sum(afterKill, field[0], field[1])).as(String.join(".", field))
                            .isEqualTo(sum(cluster, field[0], field[1]));
                }
                assertThat(sum(series(a, "requests", from, killedId), "requests", "total")).isEqualTo(sent.get(killedId));

                // the same gateway started again is a new node; the killed one is still listed
                nodes.set(2, SampleGatewayProcess.start(dir.resolve("c-again"), options(pg)));
                String againId = Awaitility.await("the restarted node registered").atMost(Duration.ofSeconds(30))
                        .ignoreExceptions().until(() -> (String) Json.plainObject(nodes.get(2).status("/vitals/nodes")
                                .body()).get("self"), v -> v != null);
                assertThat(againId).isNotIn(byId.keySet());
                Awaitility.await("four nodes listed").atMost(Duration.ofSeconds(30)).until(() -> nodeIds(a).size() == 4);
                assertThat(nodeIds(a)).contains(killedId, againId).containsAll(byId.keySet());
            } finally {
                for (SampleGatewayProcess n : nodes) {
                    n.close();
                }
            }
        }
    }

    private static Set<Object> nodeIds(SampleGatewayProcess n) throws Exception {
        List<?> nodes = (List<?>) Json.plainObject(n.status("/vitals/nodes").body()).get("nodes");
        return nodes.stream().map(o -> ((Map<?, ?>) o).get("id")).collect(Collectors.toSet());
    }

    private static Map<String, Object> series(SampleGatewayProcess n, String metrics, long from, String node) throws Exception {
        return series(n, metrics, from, node, System.currentTimeMillis());
    }

    private static Map<String, Object> series(SampleGatewayProcess n, String metrics, long from, String node, long to)
            throws Exception {
        var r = n.status("/vitals/series?metric=" + metrics + "&resolution=1s&from=" + from + "&to=" + to
                + (node == null ? "" : "&node=" + node));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return Json.plainObject(r.body());
    }

    private static List<Long> longs(Map<String, Object> doc, String metric, String member) {
        List<?> values = (List<?>) ((Map<?, ?>) ((Map<?, ?>) doc.get("metrics")).get(metric)).get(member);
        List<Long> out = new ArrayList<>();
        for (Object v : values) {
            out.add(v == null ? null : ((Number) v).longValue());
        }
        return out;
    }

    private static long sum(Map<String, Object> doc, String metric, String member) {
        return longs(doc, metric, member).stream().filter(v -> v != null).mapToLong(Long::longValue).sum();
    }

    /** Adds two nodes' arrays: an absent period (null) adds nothing; absent in both stays absent. */
    private static List<Long> add(List<Long> a, List<Long> b) {
        List<Long> out = new ArrayList<>();
        for (int i = 0; i < a.size(); i++) {
            Long x = a.get(i);
            Long y = b.get(i);
            if (x == null || y == null) {
                out.add(x == null ? y : x);
            } else {
                out.add(x + y);
            }
        }
        return out;
    }

    private static Connection connect(PostgresServer pg) throws Exception {
        return DriverManager.getConnection(pg.jdbcUrl(DB), PostgresServer.SUPERUSER, PostgresServer.SUPERUSER_PASSWORD);
    }

    private static long[] bounds(PostgresServer pg) throws Exception {
        try (Connection c = connect(pg); Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT DISTINCT latency_bounds FROM vitals_nodes WHERE latency_bounds IS NOT NULL")) {
            assertThat(r.next()).isTrue();
            long[] bounds = longs(r.getArray(1));
            assertThat(r.next()).as("every node has the same buckets").isFalse();
            return bounds;
        }
    }

    /** Per 1-second period, the request-latency buckets of every node added up by PostgreSQL. */
    private static Map<Long, HistogramPoint> mergedBuckets(PostgresServer pg) throws Exception {
        Map<Long, TreeMap<Integer, Long>> buckets = new HashMap<>();
        Map<Long, long[]> stats = new HashMap<>();
        try (Connection c = connect(pg); Statement s = c.createStatement()) {
            try (ResultSet r = s.executeQuery("SELECT p.period_start, u.i, sum(u.b) FROM vitals_points p, "
                    + "unnest(p.latency_buckets) WITH ORDINALITY AS u(b, i) WHERE p.resolution = 1 GROUP BY 1, 2")) {
                while (r.next()) {
                    buckets.computeIfAbsent(r.getLong(1), k -> new TreeMap<>()).put(r.getInt(2), r.getLong(3));
                }
            }
            try (ResultSet r = s.executeQuery("SELECT period_start, sum(latency_count), sum(latency_sum), "
                    + "min(latency_min) FILTER (WHERE latency_count > 0), max(latency_max) FROM vitals_points "
                    + "WHERE resolution = 1 AND latency_count > 0 GROUP BY 1")) {
                while (r.next()) {
                    stats.put(r.getLong(1), new long[] {r.getLong(2), r.getLong(3), r.getLong(4), r.getLong(5)});
                }
            }
        }
        Map<Long, HistogramPoint> out = new HashMap<>();
        stats.forEach((period, st) -> {
            long[] b = buckets.get(period).values().stream().mapToLong(Long::longValue).toArray();
            out.put(period, new HistogramPoint(Labels.EMPTY, b, st[0], st[1], st[2], st[3]));
        });
        return out;
    }

    private static long[] longs(Array array) throws Exception {
        Object[] values = (Object[]) array.getArray();
        long[] out = new long[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = ((Number) values[i]).longValue();
        }
        return out;
    }
}
