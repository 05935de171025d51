package io.gatewatch.probes.internal;

import io.gatewatch.api.Counter;
import io.gatewatch.api.Family;
import io.gatewatch.api.Meters;
import io.gatewatch.api.Unit;
import java.util.function.IntSupplier;

/**
 * The listener's self-metrics: answers by status code, connections evicted and refused at the
 * cap, and open connections. Counters are resolved once, so counting an answer allocates nothing.
 */
final class ListenerMetrics {
    /** The codes the listener gives; any other (from a route) counts as {@code other}. */
    private static final int[] CODES = {200, 204, 400, 401, 404, 405, 413, 414, 431, 500, 503};
    private static final Counter NOTHING = amount -> { };

    /** For a host that gives no meters. */
    static final ListenerMetrics NONE = new ListenerMetrics(new Counter[600], NOTHING, NOTHING, NOTHING);

    private final Counter[] byCode;
    private final Counter other;
    private final Counter evicted;
    private final Counter refused;

    private ListenerMetrics(Counter[] byCode, Counter other, Counter evicted, Counter refused) {
        this.byCode = byCode;
        this.other = other;
        this.evicted = evicted;
        this.refused = refused;
    }

    static ListenerMetrics create(Meters meters, IntSupplier openConnections) {
        if (meters == null) {
            return NONE;
        }
        Family<Counter> answers = meters.counter("gatewatch.status.responses", "Answers of the status listener", "code");
        Counter[] byCode = new Counter[600];
        for (int code : CODES) {
            byCode[code] = answers.labels(Integer.toString(code));
        }
        meters.gauge("gatewatch.status.connections.open", "Open status listener connections", Unit.NONE,
                () -> openConnections.getAsInt());
        return new ListenerMetrics(byCode, answers.labels("other"),
                meters.counter("gatewatch.status.connections.evicted",
                        "Idle status connections closed to make room at the connection cap").labels(),
                meters.counter("gatewatch.status.connections.refused",
                        "Status connections refused at the cap because every open one was busy").labels());
    }

    void answered(int status) {
        Counter counter = status >= 0 && status < byCode.length ? byCode[status] : null;
        (counter == null ? other : counter).increment();
    }

    void evicted() {
        evicted.increment();
    }

    void refused() {
        refused.increment();
    }
}
