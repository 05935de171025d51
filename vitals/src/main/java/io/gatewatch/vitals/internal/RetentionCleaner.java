package io.gatewatch.vitals.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;

/**
 * Deletes points older than the retentions from the shared store: 1-second points older than
 * {@code fine-retention}, 1-minute points older than {@code coarse-retention}, and nodes not seen
 * for the coarse retention. One node at a time does it: whoever takes the PostgreSQL advisory lock;
 * the others skip the round. Deletes go in bounded batches, each its own statement, so no
 * transaction holds many rows or a long lock.
 */
final class RetentionCleaner {
    /** The advisory lock's key: "gwvitals" in ASCII. */
    static final long LOCK_KEY = 0x6777766974616c73L;

    private final PostgresStore store;
    private final Duration fineRetention;
    private final Duration coarseRetention;
    private final long intervalMillis;
    private final int batch;
    private final Clock clock;
    private long next;

    RetentionCleaner(PostgresStore store, Duration fineRetention, Duration coarseRetention, Clock clock) {
        this.store = store;
        this.fineRetention = fineRetention;
        this.coarseRetention = coarseRetention;
        this.intervalMillis = store.settings().cleanupInterval().toMillis();
        this.batch = store.settings().cleanupBatch();
        this.clock = clock;
        this.next = clock.millis() + intervalMillis;
    }

    /** Runs a round when one is due. */
    void maybeRun() throws SQLException {
        long now = clock.millis();
        if (now >= next) {
            next = now + intervalMillis;
            runOnce(now);
        }
    }

    /**
     * Deletes what is older than the retentions counted back from {@code nowMillis}; returns the
     * points deleted, or -1 when another node holds the lock.
     */
    long runOnce(long nowMillis) throws SQLException {
        try (Connection c = store.connection()) {
            c.setAutoCommit(true);
            if (!lock(c, "SELECT pg_try_advisory_lock(?)")) {
                return -1;
            }
            try {
                long deleted = delete(c, "vitals_points", Resolution.FINE, nowMillis - fineRetention.toMillis());
                deleted += delete(c, "vitals_points", Resolution.COARSE, nowMillis - coarseRetention.toMillis());
                delete(c, "vitals_top", Resolution.FINE, nowMillis - fineRetention.toMillis());
                delete(c, "vitals_top", Resolution.COARSE, nowMillis - coarseRetention.toMillis());
                delete(c, "vitals_status_codes", Resolution.FINE, nowMillis - fineRetention.toMillis());
                delete(c, "vitals_status_codes", Resolution.COARSE, nowMillis - coarseRetention.toMillis());
                try (PreparedStatement s = c.prepareStatement("DELETE FROM vitals_nodes n WHERE n.last_seen < ? "
                        + "AND NOT EXISTS (SELECT 1 FROM vitals_points p WHERE p.node_key = n.node_key)")) {
                    s.setLong(1, nowMillis - coarseRetention.toMillis());
                    s.executeUpdate();
                }
                return deleted;
            } finally {
                lock(c, "SELECT pg_advisory_unlock(?)");
            }
        }
    }

    private static boolean lock(Connection c, String sql) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(sql)) {
            s.setLong(1, LOCK_KEY);
            try (ResultSet r = s.executeQuery()) {
                return r.next() && r.getBoolean(1);
            }
        }
    }

    /** Deletes rows of {@code resolution} that start before {@code before}, {@code batch} at a time. */
    private long delete(Connection c, String table, Resolution resolution, long before) throws SQLException {
        long total = 0;
        try (PreparedStatement s = c.prepareStatement("DELETE FROM " + table + " WHERE ctid = ANY(ARRAY(SELECT ctid FROM "
                + table + " WHERE resolution = ? AND period_start < ? LIMIT ?))")) {
            s.setShort(1, PostgresStore.resolutionCode(resolution));
            s.setLong(2, before);
            s.setInt(3, batch);
            int n;
            do {
                n = s.executeUpdate();
                total += n;
            } while (n == batch);
        }
        return total;
    }
}
