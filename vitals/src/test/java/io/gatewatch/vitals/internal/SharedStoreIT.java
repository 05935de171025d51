package io.gatewatch.vitals.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.gatewatch.api.GatewayMetrics;
import io.gatewatch.api.HttpMethod;
import io.gatewatch.api.ResponseSource;
import io.gatewatch.api.RouteMetrics;
import io.gatewatch.internal.store.MetricStore;
import io.gatewatch.internal.store.StoreSettings;
import io.gatewatch.spi.StatusRequest;
import io.gatewatch.spi.StatusResponse;
import io.gatewatch.testing.Json;
import io.gatewatch.testing.ManualClock;
import io.gatewatch.testing.RecordingHealth;
import io.gatewatch.testing.RecordingMeters;
import io.gatewatch.testing.postgres.PostgresServer;
import io.gatewatch.vitals.PostgresSettings;
import io.gatewatch.vitals.VitalsSettings;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executors;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Nodes writing to one real PostgreSQL: the cluster view must be the exact sum of its nodes, a
 * node's view must be exactly its own memory, and what the database could not take must be
 * accounted for exactly. Time is a manual clock, so minutes of history take milliseconds.
 */
class SharedStoreIT {
    private static final long T0 = Instant.parse("2026-11-22T10:00:00Z").toEpochMilli();
    private static final long MS = 1_000_000L;
    private static final String PASSWORD = "node-secret-31";
    private static PostgresServer pg;
    private static int databases;

    private final ManualClock clock = new ManualClock(T0 + 5);
    private final List<Node> nodes = new ArrayList<>();
    private String database;

    @BeforeAll
    static void startPostgres() throws Exception {
        pg = PostgresServer.start();
    }

    @AfterAll
    static void stopPostgres() throws Exception {
        if (pg != null) {
            pg.close();
        }
    }

    @AfterEach
    void stopNodes() {
        nodes.forEach(Node::stop);
    }

    /** A fresh database per test, owned by the role the nodes log in as. */
    private PostgresSettings freshDatabase() throws Exception {
        database = "vitals_" + (++databases);
        pg.createDatabase(database, "gw_" + databases, PASSWORD);
        return new PostgresSettings(pg.jdbcUrl(database), "gw_" + databases, new PostgresSettings.Password(PASSWORD), 2,
                500, 10_000, Duration.ofSeconds(2), Duration.ofDays(1), 10_000);
    }

    /** One gateway node: its own metric store, sampler, memory history and shared-store writer. */
    private final class Node {
        final MetricStore store;
        final GatewayMetrics metrics;
        final VitalsHistory history;
        final VitalsSampler sampler;
        final SharedStoreWriter writer;
        final VitalsRoutes routes;
        final UUID id = UUID.randomUUID();
        final RecordingHealth health = new RecordingHealth();
        final RecordingMeters meters = new RecordingMeters();
        Duration startTook = Duration.ZERO;

        Node(String name, PostgresSettings postgres) {
            VitalsSettings settings = VitalsSettings.defaults().withPostgres(postgres);
            store = new MetricStore(StoreSettings.defaults(name).withPerConsumer(true).withJvmMetrics(false));
            metrics = store.gatewayMetrics();
            if (postgres == null) {
                writer = null;
                history = new VitalsHistory(settings);
                routes = new VitalsRoutes(history, clock, () -> name);
            } else {
                PostgresStore shared = new PostgresStore(postgres);
                writer = new SharedStoreWriter(shared, id,
                        () -> new SharedStoreWriter.NodeIdentity(name, "host-" + name, "test"), clock,
                        Executors.defaultThreadFactory(), health.component("vitals-store"), meters,
                        new RetentionCleaner(shared, settings.fineRetention(), settings.coarseRetention(), clock));
                history = new VitalsHistory(settings, writer);
                routes = new VitalsRoutes(history, clock, () -> name, new ClusterReader(shared, settings.topN()), id);
                long started = System.nanoTime();
                writer.start();
                startTook = Duration.ofNanos(System.nanoTime() - started);
            }
            sampler = new VitalsSampler(history, () -> store.snapshot(clock.millis(), List.of()), clock,
                    Executors.defaultThreadFactory(), health.component("vitals"));
            sampler.sampleOnce();
            nodes.add(this);
        }

        void stop() {
            if (writer != null) {
                writer.stop();
            }
        }

        long recorded() {
            return writer.buffer().offered();
        }
    }

    private void tick() {
        clock.advance(Duration.ofSeconds(1));
        for (Node n : nodes) {
            n.sampler.sampleOnce();
        }
    }

    private static Map<String, Object> get(VitalsRoutes routes, String path, Map<String, List<String>> query) {
        StatusResponse r = path.endsWith("series") ? routes.series(new StatusRequest("GET", path, query, Map.of()))
                : routes.summary(new StatusRequest("GET", path, query, Map.of()));
        String body = new String(r.body(), StandardCharsets.UTF_8);
        assertThat(r.status()).as(body).isEqualTo(200);
        return Json.plainObject(body);
    }

    private static Map<String, List<String>> series(String resolution, long from, long to, String node) {
        Map<String, List<String>> q = new java.util.HashMap<>(Map.of(
                "metric", List.of("requests,status_classes,bytes,latency,upstream_latency,gateway_latency,top_routes,top_consumers,"
                        + "status_codes_by_service,status_codes_by_route,status_codes_by_consumer,"
                        + "status_codes_by_consumer_route"),
                "resolution", List.of(resolution), "from", List.of(Long.toString(from)), "to", List.of(Long.toString(to))));
        if (node != null) {
            q.put("node", List.of(node));
        }
        return q;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> metrics(Map<String, Object> doc) {
        return (Map<String, Object>) doc.get("metrics");
    }

    @Test
    void theClusterIsTheExactSumOfItsNodesAndEachNodeIsItsOwnMemory() throws Exception {
        PostgresSettings postgres = freshDatabase();
        Node a = new Node("node-a", postgres);
        Node b = new Node("node-b", postgres);
        Node c = new Node("node-c", postgres);
        // the three nodes' traffic recorded once more in one store: what a single node serving it all would show
        Node all = new Node("everything", null);
        Node[] writers = {a, b, c};
        long[] upstreamMillis = {2, 40, 700};
        int[] statuses = {200, 404, 503, 302};
        for (int s = 0; s < 125; s++) {
            for (int i = 0; i < writers.length; i++) {
                for (Node target : new Node[] {writers[i], all}) {
                    RouteMetrics route = target.metrics.route("svc-" + (s + i) % 2, "route-" + i);
                    RouteMetrics.Consumer consumer = target.metrics.consumer("consumer-" + (s % 3));
                    for (int r = 0; r <= (s + i) % 5 + i; r++) {
                        long upstream = (upstreamMillis[i] + r) * MS;
                        route.record(HttpMethod.GET, statuses[(r + i) % statuses.length], ResponseSource.UPSTREAM,
                                upstream + (i + 1) * MS, upstream, 100 + r, 1_000 * (i + 1), consumer);
                    }
                }
            }
            tick();
        }
        Awaitility.await("every point written").atMost(Duration.ofSeconds(30)).until(() ->
                a.writer.writtenTotal() == a.recorded() && b.writer.writtenTotal() == b.recorded()
                        && c.writer.writtenTotal() == c.recorded());
        assertThat(a.recorded()).isEqualTo(125 + 2);   // 125 seconds and the two whole minutes among them

        for (String resolution : new String[] {"1s", "1m"}) {
            long from = T0 - 60_000;
            long to = T0 + 130_000;
            Map<String, Object> expected = metrics(get(all.routes, "/vitals/series", series(resolution, from, to, null)));
            Map<String, Object> cluster = metrics(get(a.routes, "/vitals/series", series(resolution, from, to, null)));
            Map<String, Object> explicitAll = metrics(get(c.routes, "/vitals/series", series(resolution, from, to, "all")));
            assertThat(cluster).as("cluster at " + resolution).isEqualTo(expected);
            assertThat(explicitAll).isEqualTo(expected);
            for (Node n : writers) {
                Map<String, Object> own = metrics(get(n.routes, "/vitals/series", series(resolution, from, to, n.id.toString())
                        .entrySet().stream().filter(e -> !e.getKey().equals("node"))
                        .collect(java.util.stream.Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue))));
                // without node= a shared store answers for the cluster; the node's own memory is asked through the store's id
                Map<String, Object> stored = metrics(get(a.routes, "/vitals/series", series(resolution, from, to,
                        n.id.toString())));
                Map<String, Object> memory = metrics(get(localView(n), "/vitals/series", series(resolution, from, to, null)));
                assertThat(stored).as(n.id + " at " + resolution).isEqualTo(memory);
                assertThat(own).isEqualTo(expected);
            }
        }
        // the breakdowns compared above are not empty: the cluster's consumer routes add up to its requests
        Map<String, Object> minutes = metrics(get(a.routes, "/vitals/series", series("1m", T0, T0 + 119_999, null)));
        List<?> byConsumerRoute = (List<?>) ((Map<?, ?>) minutes.get("status_codes_by_consumer_route")).get("entries");
        assertThat(byConsumerRoute).hasSize(18);   // consumer-0..2 on route-0..2 of svc-0 and svc-1
        long entryTotal = byConsumerRoute.stream().mapToLong(e -> ((Number) ((Map<?, ?>) e).get("requests")).longValue()).sum();
        long requestTotal = ((List<?>) ((Map<?, ?>) minutes.get("requests")).get("total")).stream()
                .mapToLong(v -> ((Number) v).longValue()).sum();
        assertThat(entryTotal).isEqualTo(requestTotal).isPositive();
        Map<String, Object> filtered = metrics(get(a.routes, "/vitals/series", new java.util.HashMap<>(Map.of(
                "metric", List.of("status_codes_by_consumer_route"), "resolution", List.of("1m"),
                "from", List.of(Long.toString(T0)), "to", List.of(Long.toString(T0 + 119_999)),
                "consumer", List.of("consumer-1"), "route", List.of("route-2")))));
        List<Object> expectedFiltered = byConsumerRoute.stream().filter(e -> ((Map<?, ?>) e).get("consumer")
                .equals("consumer-1") && ((Map<?, ?>) e).get("route").equals("route-2")).map(e -> (Object) e).toList();
        assertThat(expectedFiltered).hasSize(2);   // route-2 of svc-0 and of svc-1
        assertThat((List<?>) ((Map<?, ?>) filtered.get("status_codes_by_consumer_route")).get("entries"))
                .isEqualTo(expectedFiltered);

        // two nodes of three: the sum of those two exactly
        Map<String, Object> ab = metrics(get(b.routes, "/vitals/series", series("1s", T0, T0 + 124_000, a.id + "," + b.id)));
        List<?> totals = (List<?>) ((Map<?, ?>) ab.get("requests")).get("total");
        List<?> aTotals = (List<?>) ((Map<?, ?>) metrics(get(localView(a), "/vitals/series", series("1s", T0, T0 + 124_000,
                null))).get("requests")).get("total");
        List<?> bTotals = (List<?>) ((Map<?, ?>) metrics(get(localView(b), "/vitals/series", series("1s", T0, T0 + 124_000,
                null))).get("requests")).get("total");
        for (int i = 0; i < totals.size(); i++) {
            assertThat(((Number) totals.get(i)).longValue()).isEqualTo(((Number) aTotals.get(i)).longValue()
                    + ((Number) bTotals.get(i)).longValue());
        }
        // the summary of the cluster counts every node's requests
        Map<String, Object> summary = get(a.routes, "/vitals/summary", Map.of());
        Map<String, Object> allSummary = get(all.routes, "/vitals/summary", Map.of());
        assertThat(summary.get("store")).isEqualTo("postgres");
        assertThat(((Map<?, ?>) summary.get("windows")).get("1h")).isEqualTo(((Map<?, ?>) allSummary.get("windows")).get("1h"));
    }

    /** The node's own memory, read as the memory store reads it. */
    private VitalsRoutes localView(Node n) {
        return new VitalsRoutes(n.history, clock, () -> "local");
    }

    @Test
    void whatTheDatabaseCouldNotTakeIsWrittenLaterOrCountedAsDroppedExactly() throws Exception {
        PostgresSettings postgres = freshDatabase();
        PostgresSettings small = new PostgresSettings(postgres.url(), postgres.user(), postgres.password(), 2, 5, 30,
                Duration.ofSeconds(1), Duration.ofDays(1), 100);
        Node a = new Node("node-a", small);
        RouteMetrics route = a.metrics.route("svc", "r");
        for (int s = 0; s < 10; s++) {
            route.record(HttpMethod.GET, 200, ResponseSource.UPSTREAM, 5 * MS, 4 * MS, 10, 10);
            tick();
        }
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> a.writer.writtenTotal() == a.recorded());
        pg.stopServer();
        try {
            for (int s = 0; s < 100; s++) {
                route.record(HttpMethod.GET, 200, ResponseSource.UPSTREAM, 5 * MS, 4 * MS, 10, 10);
                tick();
            }
            Awaitility.await("the outage reported").atMost(Duration.ofSeconds(30)).until(() ->
                    a.health.records("vitals-store").stream().anyMatch(r -> r.startsWith("error: ") && r.contains("dropped")));
        } finally {
            pg.startServer();
        }
        Awaitility.await("the buffer drained").atMost(Duration.ofSeconds(60)).until(() ->
                a.writer.buffer().size() == 0 && a.writer.writtenTotal() + a.writer.buffer().dropped() == a.recorded());
        long rows = count("SELECT count(*) FROM vitals_points");
        assertThat(rows).isEqualTo(a.writer.writtenTotal());
        assertThat(rows + a.writer.buffer().dropped()).isEqualTo(a.recorded());
        assertThat(a.writer.buffer().dropped()).isPositive();
        // the newest points survived, with their own timestamps: the last second written is the last one sampled
        assertThat(count("SELECT max(period_start) FROM vitals_points WHERE resolution = 1"))
                .isEqualTo(Math.floorDiv(clock.millis(), 1000) * 1000 - 1000);
        Awaitility.await("the dropped points counted").atMost(Duration.ofSeconds(10)).until(() ->
                a.meters.count("gatewatch.vitals.dropped.points") == a.writer.buffer().dropped());
    }

    private long count(String sql) throws Exception {
        try (Connection c = DriverManager.getConnection(pg.jdbcUrl(database), PostgresServer.SUPERUSER,
                PostgresServer.SUPERUSER_PASSWORD);
             Statement s = c.createStatement();
             ResultSet r = s.executeQuery(sql)) {
            r.next();
            return r.getLong(1);
        }
    }

    @Test
    void retentionDeletesExactlyWhatIsOlderOneNodeAtATime() throws Exception {
        PostgresSettings base = freshDatabase();
        PostgresSettings postgres = new PostgresSettings(base.url(), base.user(), base.password(), 2, 500, 10_000,
                Duration.ofSeconds(2), Duration.ofDays(1), 7);   // 7 rows per delete: many batches
        Node a = new Node("node-a", postgres);
        RouteMetrics route = a.metrics.route("svc", "r");
        for (int s = 0; s < 185; s++) {
            route.record(HttpMethod.GET, 200, ResponseSource.UPSTREAM, 5 * MS, 4 * MS, 10, 10);
            tick();
        }
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> a.writer.writtenTotal() == a.recorded());
        long now = clock.millis() / 1000 * 1000;
        long fineCut = now - 100_000;
        long coarseCut = now - 90_000;
        long fineKept = count("SELECT count(*) FROM vitals_points WHERE resolution = 1 AND period_start >= " + fineCut);
        long coarseKept = count("SELECT count(*) FROM vitals_points WHERE resolution = 60 AND period_start >= " + coarseCut);
        long topsKept = count("SELECT count(*) FROM vitals_top WHERE (resolution = 1 AND period_start >= " + fineCut
                + ") OR (resolution = 60 AND period_start >= " + coarseCut + ")");
        long statusKept = count("SELECT count(*) FROM vitals_status_codes WHERE (resolution = 1 AND period_start >= "
                + fineCut + ") OR (resolution = 60 AND period_start >= " + coarseCut + ")");
        long before = count("SELECT count(*) FROM vitals_points");
        // per point: the service, the route, the consumer "unknown" and that consumer on the route
        assertThat(count("SELECT count(*) FROM vitals_status_codes")).isEqualTo(4 * before);
        assertThat(fineKept).isEqualTo(100);
        assertThat(coarseKept).isEqualTo(1);
        assertThat(before).isEqualTo(185 + 3);

        PostgresStore store = new PostgresStore(postgres);
        try {
            RetentionCleaner cleaner = new RetentionCleaner(store, Duration.ofSeconds(100), Duration.ofSeconds(90), clock);
            // another node holds the lock: this one deletes nothing
            try (Connection other = DriverManager.getConnection(pg.jdbcUrl(database), postgres.user(), PASSWORD);
                 Statement s = other.createStatement()) {
                s.execute("SELECT pg_advisory_lock(" + RetentionCleaner.LOCK_KEY + ")");
                assertThat(cleaner.runOnce(now)).isEqualTo(-1);
                assertThat(count("SELECT count(*) FROM vitals_points")).isEqualTo(before);
                s.execute("SELECT pg_advisory_unlock(" + RetentionCleaner.LOCK_KEY + ")");
            }
            assertThat(cleaner.runOnce(now)).isEqualTo(before - fineKept - coarseKept);
        } finally {
            store.close();
        }
        assertThat(count("SELECT count(*) FROM vitals_points WHERE resolution = 1")).isEqualTo(fineKept);
        assertThat(count("SELECT min(period_start) FROM vitals_points WHERE resolution = 1")).isEqualTo(fineCut);
        assertThat(count("SELECT count(*) FROM vitals_points WHERE resolution = 60")).isEqualTo(coarseKept);
        assertThat(count("SELECT count(*) FROM vitals_top")).isEqualTo(topsKept);
        assertThat(count("SELECT count(*) FROM vitals_status_codes")).isEqualTo(statusKept)
                .isEqualTo(4 * (fineKept + coarseKept));
        assertThat(count("SELECT count(*) FROM vitals_nodes")).as("a node with points stays").isEqualTo(1);
    }

    @Test
    void anUnreachableDatabaseAWrongPasswordAndMissingRightsAreReportedNotWaitedFor() throws Exception {
        PostgresSettings good = freshDatabase();
        int closedPort = io.gatewatch.testing.Ports.free();
        PostgresSettings unreachable = new PostgresSettings("jdbc:postgresql://127.0.0.1:" + closedPort + "/x", "gw",
                new PostgresSettings.Password("unreachable-pw"), 2, 10, 100, Duration.ofSeconds(1), Duration.ofDays(1), 10);
        PostgresSettings wrongPassword = new PostgresSettings(good.url(), good.user(),
                new PostgresSettings.Password("not-the-password-93"), 2, 10, 100, Duration.ofSeconds(1), Duration.ofDays(1), 10);
        // a role that may log in to a database it does not own: no right to create the schema there
        pg.psql(database, "CREATE ROLE reader LOGIN PASSWORD 'reader-pw-5'");
        PostgresSettings noRights = new PostgresSettings(good.url(), "reader", new PostgresSettings.Password("reader-pw-5"),
                2, 10, 100, Duration.ofSeconds(1), Duration.ofDays(1), 10);
        Map<PostgresSettings, String> expected = Map.of(
                unreachable, "jdbc:postgresql://127.0.0.1:" + closedPort + "/x: Connection refused",
                wrongPassword, "password authentication failed for user",
                noRights, "permission denied for schema public");
        for (Map.Entry<PostgresSettings, String> e : expected.entrySet()) {
            Node n = new Node("bad", e.getKey());
            assertThat(n.startTook).as("start waits for no database").isLessThan(Duration.ofSeconds(1));
            tick();
            String error = Awaitility.await("the store reports " + e.getValue()).atMost(Duration.ofSeconds(20))
                    .until(() -> n.health.records("vitals-store").stream()
                            .filter(r -> r.startsWith("error: ") && r.contains(e.getValue())).findFirst().orElse(null),
                            r -> r != null);
            assertThat(n.health.records("vitals-store")).as("never healthy").allMatch(r -> r.startsWith("error: "))
                    .noneMatch(r -> r.contains(e.getKey().password().reveal()));
            assertThat(error).contains(e.getValue());
            // the gateway's own sampling goes on
            assertThat(n.health.records("vitals")).doesNotContain("error");
            n.stop();
        }
    }

    @Test
    void everyAnswerOfBothStoresFollowsTheOpenApiDocumentInTheJar() throws Exception {
        OpenApiDocument api = OpenApiDocument.fromJar();
        Node shared = new Node("node-a", freshDatabase());
        io.gatewatch.vitals.testing.SyntheticTraffic traffic = new io.gatewatch.vitals.testing.SyntheticTraffic(shared.metrics);
        for (int s = 0; s < 125; s++) {
            traffic.second(s);
            tick();
        }
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> shared.writer.writtenTotal() == shared.recorded());
        String all = "requests,status_classes,error_ratio,latency,upstream_latency,gateway_latency,bytes,auth_failures,"
                + "cache_hit_ratio,connections,top_services,top_routes,top_consumers,status_codes_by_service,"
                + "status_codes_by_route,status_codes_by_consumer,status_codes_by_consumer_route";
        int checked = 0;
        for (VitalsRoutes routes : new VitalsRoutes[] {shared.routes, localView(shared)}) {
            for (String resolution : new String[] {"1s", "1m"}) {
                checked += conforms(api, "/vitals/series", 200, routes.series(request("/vitals/series", Map.of("metric",
                        List.of(all), "resolution", List.of(resolution), "from", List.of(Long.toString(T0 - 60_000)),
                        "to", List.of(Long.toString(clock.millis()))))));
            }
            checked += conforms(api, "/vitals/series", 200, routes.series(request("/vitals/series", Map.of("metric",
                    List.of(all), "resolution", List.of("1m"), "from", List.of(Long.toString(T0 - 60_000)),
                    "service", List.of("shop"), "consumer", List.of("partner-acme")))));
            checked += conforms(api, "/vitals/summary", 200, routes.summary(request("/vitals/summary", Map.of())));
            checked += conforms(api, "/vitals/nodes", 200, routes.routes().stream()
                    .filter(r -> r.path().equals("/vitals/nodes")).findFirst().orElseThrow()
                    .handle(request("/vitals/nodes", Map.of())));
            checked += conforms(api, "/vitals/series", 400, routes.series(request("/vitals/series",
                    Map.of("metric", List.of("latncy")))));
            checked += conforms(api, "/vitals/summary", 400, routes.summary(request("/vitals/summary",
                    Map.of("node", List.of("no-such-node")))));
        }
        assertThat(checked).isEqualTo(14);
        // the check can fail: a series without its timestamps is refused
        assertThat(api.check("/vitals/series", 200, "{\"resolution\":\"1s\",\"step\":1000,\"from\":0,\"to\":0,"
                + "\"metrics\":{}}")).isNotEmpty();
        assertThat(api.check("/vitals/series", 200, "{\"resolution\":\"1s\",\"step\":1000,\"from\":0,\"to\":0,"
                + "\"timestamps\":[0],\"metrics\":{\"requests\":{\"unit\":\"requests\",\"total\":[-1]}}}")).isNotEmpty();
        // a status-code entry must carry its classes
        assertThat(api.check("/vitals/series", 200, "{\"resolution\":\"1s\",\"step\":1000,\"from\":0,\"to\":0,"
                + "\"timestamps\":[0],\"metrics\":{\"status_codes_by_route\":{\"unit\":\"requests\",\"covered\":1,"
                + "\"entries\":[{\"route\":\"r\",\"requests\":1}]}}}")).isNotEmpty();
    }

    private static StatusRequest request(String path, Map<String, List<String>> query) {
        return new StatusRequest("GET", path, query, Map.of());
    }

    private static int conforms(OpenApiDocument api, String path, int status, StatusResponse response) throws Exception {
        String body = new String(response.body(), StandardCharsets.UTF_8);
        assertThat(response.status()).as(body).isEqualTo(status);
        assertThat(api.check(path, status, body)).as(path + " " + status + ": " + body).isEmpty();
        return 1;
    }

    @Test
    void theDashboardSwitchesBetweenTheClusterAndChosenNodes() throws Exception {
        io.gatewatch.vitals.testing.HeadlessChromium.binary();   // skip (or fail on CI) before any work
        PostgresSettings postgres = freshDatabase();
        Node b = new Node("node-b", postgres);
        Node c = new Node("node-c", postgres);
        RouteMetrics rb = b.metrics.route("svc", "r");
        RouteMetrics rc = c.metrics.route("svc", "r");
        for (int s = 0; s < 330; s++) {
            for (int i = 0; i < 2; i++) {
                rb.record(HttpMethod.GET, 200, ResponseSource.UPSTREAM, 5 * MS, 4 * MS, 10, 10);
            }
            for (int i = 0; i < 3; i++) {
                rc.record(HttpMethod.GET, 200, ResponseSource.UPSTREAM, 5 * MS, 4 * MS, 10, 10);
            }
            tick();
        }
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() ->
                b.writer.writtenTotal() == b.recorded() && c.writer.writtenTotal() == c.recorded());
        try (io.gatewatch.vitals.testing.RouteServer server = new io.gatewatch.vitals.testing.RouteServer(b.routes.routes());
             io.gatewatch.vitals.testing.HeadlessChromium chromium = io.gatewatch.vitals.testing.HeadlessChromium.start(1440, 900)) {
            chromium.navigate(server.baseUrl() + "/vitals");
            chromium.await("document.body.getAttribute('data-state') === 'ready' "
                    + "&& document.body.getAttribute('data-store') === 'postgres'", Duration.ofSeconds(60));
            // the cluster: 2 + 3 requests a second
            chromium.await("document.getElementById('tile-rate').textContent === '5.0'", Duration.ofSeconds(30));
            assertThat(chromium.eval("document.body.getAttribute('data-nodes')")).isEqualTo("all");
            assertThat(chromium.eval("document.getElementById('node-switch').hidden")).isEqualTo(false);
            assertThat(chromium.eval("document.querySelectorAll('input[data-node]').length")).isEqualTo(2L);
            assertThat(chromium.eval("document.getElementById('node-toggles').textContent")).asString().contains("node-b@host-node-b (this node)")
                    .contains("node-c@host-node-c");

            chromium.eval("document.querySelector('input[data-node=\"" + c.id + "\"]').click()");
            chromium.await("document.body.getAttribute('data-nodes') === '" + c.id + "' "
                    + "&& document.getElementById('tile-rate').textContent === '3.0'", Duration.ofSeconds(30));
            assertThat(chromium.eval("window.location.search")).asString().contains("node=" + c.id);

            chromium.eval("document.querySelector('input[data-node=\"" + b.id + "\"]').click()");
            chromium.await("document.body.getAttribute('data-nodes').split(',').length === 2 "
                    + "&& document.getElementById('tile-rate').textContent === '5.0'", Duration.ofSeconds(30));

            chromium.eval("document.querySelector('input[data-node=\"" + c.id + "\"]').click()");
            chromium.await("document.body.getAttribute('data-nodes') === '" + b.id + "' "
                    + "&& document.getElementById('tile-rate').textContent === '2.0'", Duration.ofSeconds(30));

            chromium.eval("document.getElementById('cluster-button').click()");
            chromium.await("document.body.getAttribute('data-nodes') === 'all' "
                    + "&& document.getElementById('tile-rate').textContent === '5.0'", Duration.ofSeconds(30));
            chromium.screenshot(java.nio.file.Path.of("target", "vitals-dashboard-cluster.png"));
        }
    }

    @Test
    void aDatabaseThatHoldsAnApplicationsTablesKeepsThem() throws Exception {
        PostgresSettings postgres = freshDatabase();
        pg.psql(database, "CREATE TABLE app_orders (id bigint PRIMARY KEY); INSERT INTO app_orders VALUES (1), (2); "
                + "ALTER TABLE app_orders OWNER TO " + postgres.user());
        Node a = new Node("node-a", postgres);
        tick();
        tick();
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> a.writer.writtenTotal() == 2);
        assertThat(count("SELECT count(*) FROM vitals_points")).isEqualTo(2);
        assertThat(count("SELECT count(*) FROM app_orders")).isEqualTo(2);
        assertThat(count("SELECT count(*) FROM vitals_schema_history WHERE success AND version = '1'")).isEqualTo(1);
    }
}
