package io.gatewatch.vitals.internal;

import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Reads the shared store into rings shaped like this node's own history, so the API renders the
 * cluster (or a choice of nodes) with the same code as one node: per period the nodes' points
 * are added together exactly (counts add, histogram buckets add, then percentiles are taken from
 * the merged buckets), and a period no chosen node wrote stays absent.
 */
final class ClusterReader {
    private final PostgresStore store;
    private final int topN;

    ClusterReader(PostgresStore store, int topN) {
        this.store = store;
        this.topN = topN;
    }

    PostgresStore store() {
        return store;
    }

    /**
     * A ring holding periods {@code firstPeriod .. firstPeriod + points - 1} of the given nodes
     * (null: all), with their top names when {@code withTops}. Read it with "now" at
     * {@code firstPeriod + points} (see {@link SeriesRing#find}).
     */
    SeriesRing ring(Resolution resolution, long firstPeriod, int points, List<UUID> nodes, boolean withTops)
            throws SQLException {
        // without tops no status code is read either: the log's least room (one point's) is enough
        SeriesRing ring = new SeriesRing(resolution.stepMillis, Math.max(1, points), topN,
                withTops ? Math.max(1, points) * 4 * (topN + 1) : 0);
        if (points == 0) {
            return ring;
        }
        long step = resolution.stepMillis;
        List<StoredPoint> rows = store.read(resolution, firstPeriod * step, (firstPeriod + points - 1) * step, nodes,
                withTops);
        Map<Long, PeriodTotals> periods = new HashMap<>();
        for (StoredPoint row : rows) {
            periods.computeIfAbsent(row.periodStart() / step, p -> new PeriodTotals()).merge(row);
        }
        periods.forEach(ring::write);
        return ring;
    }
}
