package io.gatewatch.internal.store;

import io.gatewatch.api.HttpMethod;
import io.gatewatch.api.ResponseSource;
import io.gatewatch.api.RouteMetrics;
import io.gatewatch.api.TraceContext;
import io.gatewatch.spi.RequestListener;

/**
 * The per-route handle: the route's histograms and byte counters are resolved when the handle
 * is made, the request counter per (method, status, source, consumer) on first use. After that,
 * one {@link #record} is a thread-local stripe lookup, a table probe and plain adds to cells only
 * this thread writes.
 */
final class RouteHandle implements RouteMetrics {
    private static final String[] STATUS = new String[600];
    private static final ResponseSource[] SOURCES = ResponseSource.values();
    private static final HttpMethod[] METHODS = HttpMethod.values();

    static {
        for (int s = 100; s < 600; s++) {
            STATUS[s] = Integer.toString(s);
        }
    }

    private final GatewayCatalogue catalogue;
    private final String service;
    private final String route;
    private final HistogramSeries total;
    private final HistogramSeries upstream;
    private final HistogramSeries overhead;
    private final CounterSeries bytesIn;
    private final CounterSeries bytesOut;
    private final CounterSeries limited;
    private volatile RequestCounters counters = RequestCounters.EMPTY;

    RouteHandle(GatewayCatalogue catalogue, String service, String route) {
        this.catalogue = catalogue;
        this.service = service;
        this.route = route;
        String[] sr = {service, route};
        this.total = catalogue.requestDuration.resolve(sr);
        this.upstream = catalogue.upstreamDuration.resolve(sr);
        this.overhead = catalogue.overheadDuration.resolve(sr);
        this.bytesIn = catalogue.requestBytes.resolve(sr);
        this.bytesOut = catalogue.responseBytes.resolve(sr);
        this.limited = catalogue.rateLimited.resolve(sr);
    }

    @Override
    public void record(HttpMethod method, int status, ResponseSource source,
                       long totalNanos, long upstreamNanos, long bytesIn, long bytesOut) {
        record(method, status, source, totalNanos, upstreamNanos, bytesIn, bytesOut, 0, null);
        notifyListeners(method, status, source, totalNanos, upstreamNanos, bytesIn, bytesOut, null, null);
    }

    @Override
    public void record(HttpMethod method, int status, ResponseSource source,
                       long totalNanos, long upstreamNanos, long bytesIn, long bytesOut, Consumer consumer) {
        if (catalogue.perConsumer() && consumer instanceof ConsumerHandle c) {
            record(method, status, source, totalNanos, upstreamNanos, bytesIn, bytesOut, c.index() + 1, c.id());
        } else {
            record(method, status, source, totalNanos, upstreamNanos, bytesIn, bytesOut, 0, null);
        }
        notifyListeners(method, status, source, totalNanos, upstreamNanos, bytesIn, bytesOut, consumer, null);
    }

    @Override
    public void record(HttpMethod method, int status, ResponseSource source, long totalNanos, long upstreamNanos,
                       long bytesIn, long bytesOut, Consumer consumer, TraceContext trace) {
        if (catalogue.perConsumer() && consumer instanceof ConsumerHandle c) {
            record(method, status, source, totalNanos, upstreamNanos, bytesIn, bytesOut, c.index() + 1, c.id());
        } else {
            record(method, status, source, totalNanos, upstreamNanos, bytesIn, bytesOut, 0, null);
        }
        if (trace != null && trace.sampled()) {
            recordExemplars(totalNanos, upstreamNanos, trace);
        }
        notifyListeners(method, status, source, totalNanos, upstreamNanos, bytesIn, bytesOut, consumer, trace);
    }

    /**
     * The histograms were already counted; this only makes the values their buckets' exemplars. The
     * wall clock is read here, on the sampled path only (a vDSO read, not a system call, on Linux).
     */
    private void recordExemplars(long totalNanos, long upstreamNanos, TraceContext trace) {
        long now = System.currentTimeMillis();
        long high = trace.traceIdHigh();
        long low = trace.traceIdLow();
        long span = trace.spanId();
        total.exemplar(totalNanos, high, low, span, now);
        if (upstreamNanos >= 0) {
            upstream.exemplar(upstreamNanos, high, low, span, now);
            overhead.exemplar(totalNanos - upstreamNanos, high, low, span, now);
        } else {
            overhead.exemplar(totalNanos, high, low, span, now);
        }
    }

    private void notifyListeners(HttpMethod method, int status, ResponseSource source, long totalNanos,
                                 long upstreamNanos, long in, long out, Consumer consumer, TraceContext trace) {
        RequestListener[] listeners = catalogue.requestListeners();
        if (listeners.length == 0) {
            return;
        }
        String consumerId = consumer == null ? null : consumer.id();
        for (RequestListener listener : listeners) {
            try {
                listener.onRequest(service, route, method, status, source, consumerId, totalNanos, upstreamNanos,
                        in, out, trace);
            } catch (RuntimeException e) {
                // a listener's failure must never fail the gateway's request; the listener counts its own drops
            }
        }
    }

    private void record(HttpMethod method, int status, ResponseSource source, long totalNanos, long upstreamNanos,
                       long in, long out, int consumerIndex, String consumerId) {
        int stripe = Stripes.current();
        int statusKey = status >= 100 && status < 600 ? status : 0;
        long key = ((long) consumerIndex << 17) | ((long) source.ordinal() << 14) | ((long) statusKey << 4)
                | method.ordinal();
        CounterSeries requests = counters.get(key);
        if (requests == null) {
            requests = newCounter(key, consumerId);
        }
        requests.add(stripe, 1);
        total.record(stripe, totalNanos);
        if (upstreamNanos >= 0) {
            upstream.record(stripe, upstreamNanos);
            overhead.record(stripe, totalNanos - upstreamNanos);
        } else {
            overhead.record(stripe, totalNanos);
        }
        bytesIn.add(stripe, in);
        bytesOut.add(stripe, out);
    }

    private synchronized CounterSeries newCounter(long key, String consumerId) {
        RequestCounters table = counters;
        CounterSeries existing = table.get(key);
        if (existing != null) {
            return existing;
        }
        int statusKey = (int) ((key >>> 4) & 0x3FF);
        String status;
        if (statusKey == 0) {
            catalogue.events().invalid("requests", "status");
            status = LabelValues.INVALID;
        } else {
            status = STATUS[statusKey];
        }
        String method = METHODS[(int) (key & 0xF)].name();
        String source = SOURCES[(int) ((key >>> 14) & 0x7)].label();
        CounterSeries series = catalogue.requestCounter(service, route, method, status, source, consumerId);
        if (!table.full()) {
            counters = table.with(key, series);
        }
        return series;
    }

    @Override
    public void rateLimited() {
        limited.add(1);
    }

    @Override
    public String service() {
        return service;
    }

    @Override
    public String route() {
        return route;
    }
}
