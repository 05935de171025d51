package io.gatewatch.vitals.internal;

import java.util.Arrays;
import java.util.Map;

/**
 * One resolution of the history: a preallocated ring of {@code slots} points, each {@code step}
 * milliseconds wide. Period {@code p} (its start is {@code p × step} epoch ms) lives in slot
 * {@code p mod slots}; a slot remembers which period it holds, so a period that was never
 * written, or was overwritten by a newer one, reads as absent. Nothing here grows after
 * construction.
 *
 * <p>Not thread-safe: {@link VitalsHistory} guards it.
 */
final class SeriesRing {
    private static final long EMPTY = Long.MIN_VALUE;

    final long stepMillis;
    final int slots;
    private final long[] periods;
    private final long[] counts;
    private final double[] values;
    final TopSlots services;
    final TopSlots routes;
    final TopSlots consumers;
    final StatusCodeLog statusCodes;
    private long latest = EMPTY;

    /** @param statusEntries the capacity of the status-code log shared by all slots (see {@link StatusCodeLog}) */
    SeriesRing(long stepMillis, int slots, int topN, int statusEntries) {
        this.stepMillis = stepMillis;
        this.slots = slots;
        this.periods = new long[slots];
        Arrays.fill(periods, EMPTY);
        this.counts = new long[slots * Fields.COUNT_FIELDS];
        this.values = new double[slots * Fields.VALUE_FIELDS];
        this.services = new TopSlots(slots, topN, false);
        this.routes = new TopSlots(slots, topN, true);
        this.consumers = new TopSlots(slots, topN, false);
        this.statusCodes = new StatusCodeLog(slots, topN, statusEntries);
    }

    /** Stores {@code totals} as period {@code period}, replacing whatever the slot held. */
    void write(long period, PeriodTotals totals) {
        int slot = slot(period);
        periods[slot] = period;
        System.arraycopy(totals.counts, 0, counts, slot * Fields.COUNT_FIELDS, Fields.COUNT_FIELDS);
        totals.values(values, slot * Fields.VALUE_FIELDS);
        services.write(slot, totals.services, s -> s, null);
        routes.write(slot, totals.routes, PeriodTotals.RouteKey::service, PeriodTotals.RouteKey::route);
        consumers.write(slot, totals.consumers, s -> s, null);
        statusCodes.write(slot, totals);
        latest = Math.max(latest, period);
    }

    /**
     * The slot holding {@code period}, or -1 when the period is absent: never written, already
     * overwritten, or older than the retention counted back from the last complete period
     * before {@code nowPeriod} (the one still running).
     */
    int find(long period, long nowPeriod) {
        if (period <= Math.max(latest, nowPeriod - 1) - slots) {
            return -1;
        }
        int slot = slot(period);
        return periods[slot] == period ? slot : -1;
    }

    long count(int slot, int field) {
        return counts[slot * Fields.COUNT_FIELDS + field];
    }

    /** A latency statistic or the connection gauge; NaN when the period saw none. */
    double value(int slot, int field) {
        return values[slot * Fields.VALUE_FIELDS + field];
    }

    long latestPeriod() {
        return latest;
    }

    void addTop(TopSlots which, int slot, Map<TopSlots.Entry, long[]> into) {
        which.addTo(slot, into);
    }

    private int slot(long period) {
        return (int) Math.floorMod(period, (long) slots);
    }
}
