package io.gatewatch.vitals.internal;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.gatewatch.vitals.PostgresSettings;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.flywaydb.core.Flyway;

/**
 * The shared store on PostgreSQL: a small connection pool, the schema (created and migrated by
 * Flyway, in a history table of its own so it can share a database with an application's
 * migrations), this node's registration, batched writes of points, and the reads the API needs.
 *
 * <p>Nothing here runs on a gateway thread: the writer thread writes, status-listener threads read.
 * The pool never connects while it is being built, so a database that is down at start-up delays
 * nothing; every call fails within the connect timeout instead.
 */
final class PostgresStore implements AutoCloseable {
    static final String MIGRATIONS = "classpath:io/gatewatch/vitals/db/migration";
    static final String HISTORY_TABLE = "vitals_schema_history";
    private static final String[] HISTOGRAMS = {"latency", "upstream", "gateway"};
    /** The count columns in {@link Fields} order. */
    private static final String[] COUNT_COLUMNS = {"requests", "status_1xx", "status_2xx", "status_3xx", "status_4xx",
        "status_5xx", "bytes_in", "bytes_out", "auth_failures", "cache_hits", "cache_misses"};
    private static final String INSERT_POINT = "INSERT INTO vitals_points (resolution, period_start, node_key, requests, "
            + "status_1xx, status_2xx, status_3xx, status_4xx, status_5xx, bytes_in, bytes_out, auth_failures, cache_hits, "
            + "cache_misses, latency_count, latency_sum, latency_min, latency_max, latency_buckets, upstream_count, "
            + "upstream_sum, upstream_min, upstream_max, upstream_buckets, gateway_count, gateway_sum, gateway_min, "
            + "gateway_max, gateway_buckets, connections_sum, connections_samples) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
            + "?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING";
    private static final String INSERT_TOP = "INSERT INTO vitals_top (resolution, period_start, node_key, kind, name, route, "
            + "requests) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING";
    private static final String INSERT_STATUS = "INSERT INTO vitals_status_codes (resolution, period_start, node_key, "
            + "kind, consumers, services, routes, classes, other) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING";
    static final int SERVICE = 1;
    static final int ROUTE = 2;
    static final int CONSUMER = 3;

    private final PostgresSettings settings;
    private final HikariDataSource pool;

    PostgresStore(PostgresSettings settings) {
        this.settings = settings;
        HikariConfig config = new HikariConfig();
        config.setPoolName("gatewatch-vitals");
        config.setJdbcUrl(settings.url());
        config.setUsername(settings.user());
        config.setPassword(settings.password().reveal());
        config.setMaximumPoolSize(Math.max(2, settings.poolSize()));   // Flyway takes two at once
        config.setMinimumIdle(0);
        config.setConnectionTimeout(Math.max(250, settings.connectTimeout().toMillis()));
        config.setValidationTimeout(Math.max(250, Math.min(settings.connectTimeout().toMillis(), 5_000)));
        // start without a connection: a database that is down must not hold up the gateway's start
        config.setInitializationFailTimeout(-1);
        int connectSeconds = (int) Math.max(1, settings.connectTimeout().toSeconds());
        config.addDataSourceProperty("connectTimeout", connectSeconds);
        config.addDataSourceProperty("loginTimeout", connectSeconds);
        // a write or read never waits longer than this on a database that stopped answering
        config.addDataSourceProperty("socketTimeout", 30);
        config.addDataSourceProperty("reWriteBatchedInserts", true);
        config.addDataSourceProperty("ApplicationName", "gatewatch-vitals");
        this.pool = new HikariDataSource(config);
    }

    PostgresSettings settings() {
        return settings;
    }

    /** Creates or migrates the schema; a database that already holds other tables keeps them. */
    void migrate() {
        Flyway.configure(PostgresStore.class.getClassLoader())
                .dataSource(pool)
                .locations(MIGRATIONS)
                .table(HISTORY_TABLE)
                .baselineOnMigrate(true)
                .baselineVersion("0")
                .load()
                .migrate();
    }

    /** Registers this start of the node; returns its key for the points it writes. */
    int register(UUID nodeId, String name, String hostname, String version, long nowMillis) throws SQLException {
        try (Connection c = pool.getConnection();
             PreparedStatement s = c.prepareStatement("INSERT INTO vitals_nodes (node_id, name, hostname, version, "
                     + "first_seen, last_seen) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (node_id) DO UPDATE SET last_seen = "
                     + "EXCLUDED.last_seen RETURNING node_key")) {
            s.setObject(1, nodeId);
            s.setString(2, name);
            s.setString(3, hostname);
            s.setString(4, version);
            s.setLong(5, nowMillis);
            s.setLong(6, nowMillis);
            try (ResultSet r = s.executeQuery()) {
                r.next();
                return r.getInt(1);
            }
        }
    }

    /** Writes a batch in one transaction; points already there (a retried batch) are left as they are. */
    void write(int nodeKey, List<StoredPoint> batch, long nowMillis) throws SQLException {
        try (Connection c = pool.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement points = c.prepareStatement(INSERT_POINT);
                 PreparedStatement tops = c.prepareStatement(INSERT_TOP);
                 PreparedStatement statusCodes = c.prepareStatement(INSERT_STATUS);
                 PreparedStatement seen = c.prepareStatement("UPDATE vitals_nodes SET last_seen = greatest(last_seen, ?), "
                         + "latency_bounds = coalesce(?, latency_bounds) WHERE node_key = ?")) {
                long[] bounds = null;
                int topRows = 0;
                int statusRows = 0;
                for (StoredPoint p : batch) {
                    short resolution = resolutionCode(p.resolution());
                    int i = 1;
                    points.setShort(i++, resolution);
                    points.setLong(i++, p.periodStart());
                    points.setInt(i++, nodeKey);
                    for (int f = 0; f < Fields.LATENCY_COUNT; f++) {
                        points.setLong(i++, p.counts()[f]);
                    }
                    for (StoredPoint.Histogram h : p.latency()) {
                        points.setLong(i++, h == null ? 0 : h.count());
                        points.setLong(i++, h == null ? 0 : h.sum());
                        points.setLong(i++, h == null ? 0 : h.min());
                        points.setLong(i++, h == null ? 0 : h.max());
                        if (h == null) {
                            points.setNull(i++, Types.ARRAY);
                        } else {
                            points.setArray(i++, c.createArrayOf("bigint", boxed(h.buckets())));
                            bounds = h.bounds();
                        }
                    }
                    points.setDouble(i++, p.connectionSum());
                    points.setInt(i, p.connectionSamples());
                    points.addBatch();
                    topRows += addTops(tops, resolution, p.periodStart(), nodeKey, SERVICE, p.services());
                    topRows += addTops(tops, resolution, p.periodStart(), nodeKey, ROUTE, p.routes());
                    topRows += addTops(tops, resolution, p.periodStart(), nodeKey, CONSUMER, p.consumers());
                    statusRows += addStatusCodes(c, statusCodes, resolution, p.periodStart(), nodeKey, p.statusCodes());
                }
                points.executeBatch();
                if (topRows > 0) {
                    tops.executeBatch();
                }
                if (statusRows > 0) {
                    statusCodes.executeBatch();
                }
                seen.setLong(1, nowMillis);
                if (bounds == null) {
                    seen.setNull(2, Types.ARRAY);
                } else {
                    seen.setArray(2, c.createArrayOf("bigint", boxed(bounds)));
                }
                seen.setInt(3, nodeKey);
                seen.executeUpdate();
                c.commit();
            } catch (SQLException | RuntimeException e) {
                rollbackQuietly(c);
                throw e;
            }
        }
    }

    private static int addTops(PreparedStatement s, short resolution, long periodStart, int nodeKey, int kind,
                               List<StoredPoint.Named> entries) throws SQLException {
        for (StoredPoint.Named e : entries) {
            s.setShort(1, resolution);
            s.setLong(2, periodStart);
            s.setInt(3, nodeKey);
            s.setShort(4, (short) kind);
            s.setString(5, e.first());
            s.setString(6, e.second() == null ? "" : e.second());
            s.setLong(7, e.requests());
            s.addBatch();
        }
        return entries.size();
    }

    /** One row per kind that has entries: the names and counts as arrays, entry by entry. */
    private static int addStatusCodes(Connection c, PreparedStatement s, short resolution, long periodStart, int nodeKey,
                                      List<StoredPoint.StatusEntry> entries) throws SQLException {
        int rows = 0;
        for (StatusCodeLog.Kind kind : StatusCodeLog.Kind.values()) {
            List<StoredPoint.StatusEntry> named = new ArrayList<>();
            long[] other = null;
            for (StoredPoint.StatusEntry e : entries) {
                if (e.kind() == kind.ordinal()) {
                    if (e.other()) {
                        other = e.classes();
                    } else {
                        named.add(e);
                    }
                }
            }
            if (named.isEmpty() && other == null) {
                continue;
            }
            String[] consumers = new String[named.size()];
            String[] services = new String[named.size()];
            String[] routes = new String[named.size()];
            Long[] classes = new Long[named.size() * 5];
            for (int i = 0; i < named.size(); i++) {
                StoredPoint.StatusEntry e = named.get(i);
                consumers[i] = e.consumer();
                services[i] = e.service();
                routes[i] = e.route();
                for (int k = 0; k < 5; k++) {
                    classes[i * 5 + k] = e.classes()[k];
                }
            }
            boolean hasConsumer = kind == StatusCodeLog.Kind.CONSUMER || kind == StatusCodeLog.Kind.CONSUMER_ROUTE;
            boolean hasRoute = kind == StatusCodeLog.Kind.ROUTE || kind == StatusCodeLog.Kind.CONSUMER_ROUTE;
            s.setShort(1, resolution);
            s.setLong(2, periodStart);
            s.setInt(3, nodeKey);
            s.setShort(4, (short) kind.ordinal());
            s.setArray(5, hasConsumer ? c.createArrayOf("text", consumers) : null);
            s.setArray(6, kind != StatusCodeLog.Kind.CONSUMER ? c.createArrayOf("text", services) : null);
            s.setArray(7, hasRoute ? c.createArrayOf("text", routes) : null);
            s.setArray(8, c.createArrayOf("bigint", classes));
            s.setArray(9, other == null ? null : c.createArrayOf("bigint", boxed(other)));
            s.addBatch();
            rows++;
        }
        return rows;
    }

    /**
     * Every stored point of {@code resolution} whose period starts in {@code [fromMillis, toMillis]},
     * of the given nodes (null: every node), in no particular order; with the top names when
     * {@code withTops} (they are most of the rows: leave them out when nobody shows them).
     */
    List<StoredPoint> read(Resolution resolution, long fromMillis, long toMillis, List<UUID> nodes, boolean withTops)
            throws SQLException {
        String nodeFilter = nodes == null ? "" : " AND n.node_id = ANY(?)";
        Map<Long, List<StoredPoint.Named>[]> tops = new HashMap<>();
        Map<Long, List<StoredPoint.StatusEntry>> statusCodes = new HashMap<>();
        List<StoredPoint> out = new ArrayList<>();
        try (Connection c = pool.getConnection()) {
            c.setReadOnly(true);
            try (PreparedStatement s = c.prepareStatement("SELECT p.*, n.latency_bounds FROM vitals_points p "
                    + "JOIN vitals_nodes n USING (node_key) WHERE p.resolution = ? AND p.period_start BETWEEN ? AND ?"
                    + nodeFilter)) {
                bindRange(c, s, resolution, fromMillis, toMillis, nodes);
                s.setFetchSize(5_000);
                try (ResultSet r = s.executeQuery()) {
                    while (r.next()) {
                        out.add(point(r, resolution));
                    }
                }
            }
            if (!withTops) {
                return out;
            }
            // the nodes' top names, already added up per period: the cluster view sums them anyway
            try (PreparedStatement s = c.prepareStatement("SELECT t.period_start, t.kind, t.name, t.route, "
                    + "sum(t.requests) FROM vitals_top t JOIN vitals_nodes n USING (node_key) WHERE t.resolution = ? "
                    + "AND t.period_start BETWEEN ? AND ?" + nodeFilter + " GROUP BY 1, 2, 3, 4")) {
                bindRange(c, s, resolution, fromMillis, toMillis, nodes);
                s.setFetchSize(5_000);
                try (ResultSet r = s.executeQuery()) {
                    while (r.next()) {
                        List<StoredPoint.Named>[] kinds = tops.computeIfAbsent(r.getLong(1), PostgresStore::threeLists);
                        String route = r.getString(4);
                        kinds[r.getShort(2) - 1].add(new StoredPoint.Named(r.getString(3),
                                route == null || route.isEmpty() ? null : route, r.getLong(5)));
                    }
                }
            }
            // the nodes' entries unnested and added up per period and name in SQL (and their other entries
            // per period and kind), so a hundred nodes' arrays are not all parsed here
            String where = " WHERE t.resolution = ? AND t.period_start BETWEEN ? AND ?" + nodeFilter;
            try (PreparedStatement s = c.prepareStatement("SELECT t.period_start, t.kind, false, u.consumer, u.service, "
                    + "u.route, sum(t.classes[5 * u.i::int - 4]), sum(t.classes[5 * u.i::int - 3]), "
                    + "sum(t.classes[5 * u.i::int - 2]), sum(t.classes[5 * u.i::int - 1]), sum(t.classes[5 * u.i::int]) "
                    + "FROM vitals_status_codes t JOIN vitals_nodes n USING (node_key) CROSS JOIN LATERAL "
                    + "unnest(t.consumers, t.services, t.routes) WITH ORDINALITY AS u(consumer, service, route, i)" + where
                    + " GROUP BY 1, 2, 4, 5, 6 UNION ALL SELECT t.period_start, t.kind, true, NULL, NULL, NULL, "
                    + "sum(t.other[1]), sum(t.other[2]), sum(t.other[3]), sum(t.other[4]), sum(t.other[5]) "
                    + "FROM vitals_status_codes t JOIN vitals_nodes n USING (node_key)" + where
                    + " AND t.other IS NOT NULL GROUP BY 1, 2")) {
                int next = bindRange(c, s, 0, resolution, fromMillis, toMillis, nodes);
                bindRange(c, s, next, resolution, fromMillis, toMillis, nodes);
                s.setFetchSize(5_000);
                try (ResultSet r = s.executeQuery()) {
                    while (r.next()) {
                        long[] classes = new long[5];
                        for (int i = 0; i < 5; i++) {
                            classes[i] = r.getLong(7 + i);
                        }
                        statusCodes.computeIfAbsent(r.getLong(1), p -> new ArrayList<>()).add(new StoredPoint.StatusEntry(
                                r.getShort(2), r.getBoolean(3), r.getString(4), r.getString(5), r.getString(6), classes));
                    }
                }
            }
        }
        // one synthetic point per period carries the period's top names, so merging adds them once
        for (Long period : tops.keySet()) {
            statusCodes.putIfAbsent(period, List.of());
        }
        for (Map.Entry<Long, List<StoredPoint.StatusEntry>> e : statusCodes.entrySet()) {
            List<StoredPoint.Named>[] kinds = tops.getOrDefault(e.getKey(), threeLists(e.getKey()));
            out.add(new StoredPoint(resolution, e.getKey(), new long[Fields.COUNT_FIELDS], new StoredPoint.Histogram[3],
                    0, 0, kinds[0], kinds[1], kinds[2], e.getValue()));
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    private static List<StoredPoint.Named>[] threeLists(Long period) {
        return new List[] {new ArrayList<>(), new ArrayList<>(), new ArrayList<>()};
    }

    private static void bindRange(Connection c, PreparedStatement s, Resolution resolution, long from, long to,
                                  List<UUID> nodes) throws SQLException {
        bindRange(c, s, 0, resolution, from, to, nodes);
    }

    /** Binds the range after the first {@code before} parameters; returns how many are bound by then. */
    private static int bindRange(Connection c, PreparedStatement s, int before, Resolution resolution, long from, long to,
                                 List<UUID> nodes) throws SQLException {
        s.setShort(before + 1, resolutionCode(resolution));
        s.setLong(before + 2, from);
        s.setLong(before + 3, to);
        if (nodes == null) {
            return before + 3;
        }
        s.setArray(before + 4, c.createArrayOf("uuid", nodes.toArray()));
        return before + 4;
    }

    private static StoredPoint point(ResultSet r, Resolution resolution) throws SQLException {
        long[] counts = new long[Fields.COUNT_FIELDS];
        for (int f = 0; f < COUNT_COLUMNS.length; f++) {
            counts[f] = r.getLong(COUNT_COLUMNS[f]);
        }
        long[] bounds = longs(r.getArray("latency_bounds"));
        StoredPoint.Histogram[] histograms = new StoredPoint.Histogram[HISTOGRAMS.length];
        for (int h = 0; h < HISTOGRAMS.length; h++) {
            String name = HISTOGRAMS[h];
            long count = r.getLong(name + "_count");
            counts[Fields.LATENCY_COUNT + h] = count;
            long[] buckets = longs(r.getArray(name + "_buckets"));
            if (count > 0 && buckets != null && bounds != null && buckets.length == bounds.length + 1) {
                histograms[h] = new StoredPoint.Histogram(bounds, buckets, count, r.getLong(name + "_sum"),
                        r.getLong(name + "_min"), r.getLong(name + "_max"));
            }
        }
        return new StoredPoint(resolution, r.getLong("period_start"), counts, histograms, r.getDouble("connections_sum"),
                r.getInt("connections_samples"), List.of(), List.of(), List.of(), List.of());
    }

    /** The nodes that ever wrote, oldest first. */
    List<NodeRow> nodes() throws SQLException {
        List<NodeRow> out = new ArrayList<>();
        try (Connection c = pool.getConnection();
             Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT node_id, name, hostname, version, first_seen, last_seen FROM vitals_nodes "
                     + "ORDER BY first_seen, node_key")) {
            while (r.next()) {
                out.add(new NodeRow((UUID) r.getObject(1), r.getString(2), r.getString(3), r.getString(4), r.getLong(5),
                        r.getLong(6)));
            }
        }
        return out;
    }

    /** A node as the API lists it. */
    record NodeRow(UUID id, String name, String hostname, String version, long firstSeen, long lastSeen) {
    }

    static short resolutionCode(Resolution r) {
        return (short) (r.stepMillis / 1000);
    }

    private static Long[] boxed(long[] values) {
        Long[] out = new Long[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = values[i];
        }
        return out;
    }

    private static long[] longs(Array array) throws SQLException {
        if (array == null) {
            return null;
        }
        Object[] values = (Object[]) array.getArray();
        long[] out = new long[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = ((Number) values[i]).longValue();
        }
        return out;
    }

    private static void rollbackQuietly(Connection c) {
        try {
            c.rollback();
        } catch (SQLException ignored) {
            // the connection is broken; the pool discards it
        }
    }

    /** The connection the cleaner holds its advisory lock on. */
    Connection connection() throws SQLException {
        return pool.getConnection();
    }

    @Override
    public void close() {
        pool.close();
    }
}
