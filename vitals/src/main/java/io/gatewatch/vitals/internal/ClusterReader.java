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
     * (null: all), the last {@code topPoints} of them with their top names and status codes (the
     * rows that are most of the store: read only where they are shown). Read it with "now" at
     * {@code firstPeriod + points} (see {@link SeriesRing#find}).
     */
    SeriesRing ring(Resolution resolution, long firstPeriod, int points, List<UUID> nodes, int topPoints)
            throws SQLException {
        int withTops = Math.min(topPoints, points);
        // the status-code log needs room only for the points read with them (one point's at least)
        SeriesRing ring = new SeriesRing(resolution.stepMillis, Math.max(1, points), topN, withTops * 4 * (topN + 1));
        if (points == 0) {
            return ring;
        }
        long step = resolution.stepMillis;
        long firstWithTops = firstPeriod + points - withTops;
        Map<Long, PeriodTotals> periods = new HashMap<>();
        if (withTops < points) {
            add(periods, store.read(resolution, firstPeriod * step, (firstWithTops - 1) * step, nodes, false), step);
        }
        if (withTops > 0) {
            add(periods, store.read(resolution, firstWithTops * step, (firstPeriod + points - 1) * step, nodes, true),
                    step);
        }
        periods.forEach(ring::write);
        return ring;
    }

    private static void add(Map<Long, PeriodTotals> periods, List<StoredPoint> rows, long step) {
        for (StoredPoint row : rows) {
            periods.computeIfAbsent(row.periodStart() / step, p -> new PeriodTotals()).merge(row);
        }
    }
}
