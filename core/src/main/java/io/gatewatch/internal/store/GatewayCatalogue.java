package io.gatewatch.internal.store;

import io.gatewatch.api.AuthMetrics;
import io.gatewatch.api.CacheMetrics;
import io.gatewatch.api.CircuitBreakerMetrics;
import io.gatewatch.api.ConnectionMetrics;
import io.gatewatch.api.GatewayMetrics;
import io.gatewatch.api.Meters;
import io.gatewatch.api.RouteMetrics;
import io.gatewatch.api.Unit;
import io.gatewatch.api.UpDownCounter;
import io.gatewatch.api.UpstreamTargetMetrics;
import io.gatewatch.snapshot.Labels;
import io.gatewatch.snapshot.MetricDescriptor;
import io.gatewatch.spi.RequestListener;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * The gateway metric catalogue: the families every gateway records, declared once per store, and
 * the handles a gateway resolves from them. See the catalogue table in the README for names.
 */
final class GatewayCatalogue implements GatewayMetrics {
    private static final String[] SERVICE_ROUTE = {"service", "route"};

    private final FamilyRegistry registry;
    private final StoreEvents events;
    private final boolean perConsumer;
    private final int maxHandles;
    private final Meters meters;

    final SeriesFamily<CounterSeries> requests;
    final SeriesFamily<HistogramSeries> requestDuration;
    final SeriesFamily<HistogramSeries> upstreamDuration;
    final SeriesFamily<HistogramSeries> overheadDuration;
    final SeriesFamily<CounterSeries> requestBytes;
    final SeriesFamily<CounterSeries> responseBytes;
    final SeriesFamily<CounterSeries> rateLimited;
    private final UpDownSeries inFlight;
    final SeriesFamily<UpDownSeries> connectionsActive;
    final SeriesFamily<CounterSeries> connectionsOpened;
    final SeriesFamily<CounterSeries> connectionsClosed;
    final SeriesFamily<CounterSeries> connectionsRejected;
    final SeriesFamily<HistogramSeries> connectionDuration;
    final SeriesFamily<CounterSeries> authAttempts;
    final SeriesFamily<CounterSeries> authFailures;
    final SeriesFamily<CounterSeries> cacheHits;
    final SeriesFamily<CounterSeries> cacheMisses;
    final SeriesFamily<GaugeSeries> breakerState;
    final SeriesFamily<CounterSeries> breakerTransitions;
    final SeriesFamily<GaugeSeries> targetHealth;

    private final ConcurrentHashMap<String, BreakerHandle> breakers = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, ConsumerHandle> consumers = new ConcurrentHashMap<>();
    private final ConsumerHandle otherConsumer = new ConsumerHandle(LabelValues.OTHER, 0);
    private int nextConsumerIndex = 1;
    private static final RequestListener[] NO_LISTENERS = new RequestListener[0];
    // Set once when plugins are wired; volatile so every gateway thread sees it (a plain load on x86).
    private volatile RequestListener[] requestListeners = NO_LISTENERS;

    GatewayCatalogue(FamilyRegistry registry, StoreEvents events, boolean perConsumer, int maxHandles,
                     long[] latencyBuckets, Meters meters) {
        this.registry = registry;
        this.events = events;
        this.perConsumer = perConsumer;
        this.maxHandles = maxHandles;
        this.meters = meters;
        requests = counters(perConsumer
                ? MetricDescriptor.counter("requests", "Requests served, by who answered them", Unit.NONE,
                        "service", "route", "method", "status", "source", "consumer")
                : MetricDescriptor.counter("requests", "Requests served, by who answered them", Unit.NONE,
                        "service", "route", "method", "status", "source"));
        requestDuration = histograms(MetricDescriptor.histogram("request.duration",
                "Time from the first request byte to the last response byte", Unit.SECONDS, latencyBuckets, SERVICE_ROUTE));
        upstreamDuration = histograms(MetricDescriptor.histogram("upstream.duration",
                "Time spent waiting for the upstream", Unit.SECONDS, latencyBuckets, SERVICE_ROUTE));
        overheadDuration = histograms(MetricDescriptor.histogram("overhead.duration",
                "Time the gateway itself added (total minus upstream)", Unit.SECONDS, latencyBuckets, SERVICE_ROUTE));
        requestBytes = counters(MetricDescriptor.counter("request.bytes", "Bytes received from clients", Unit.BYTES, SERVICE_ROUTE));
        responseBytes = counters(MetricDescriptor.counter("response.bytes", "Bytes sent to clients", Unit.BYTES, SERVICE_ROUTE));
        rateLimited = counters(MetricDescriptor.counter("requests.rate_limited", "Requests refused by the rate limiter",
                Unit.NONE, SERVICE_ROUTE));
        inFlight = registry.family(MetricDescriptor.gauge("requests.in_flight", "Requests being served", Unit.NONE),
                labels -> new UpDownSeries(labels, registry.arena(), Unit.NONE)).resolve(new String[0]);
        connectionsActive = registry.family(MetricDescriptor.gauge("connections.active", "Open client connections",
                Unit.NONE, "listener"), labels -> new UpDownSeries(labels, registry.arena(), Unit.NONE));
        connectionsOpened = counters(MetricDescriptor.counter("connections.opened", "Client connections accepted", Unit.NONE, "listener"));
        connectionsClosed = counters(MetricDescriptor.counter("connections.closed", "Client connections closed", Unit.NONE, "listener"));
        connectionsRejected = counters(MetricDescriptor.counter("connections.rejected", "Client connections refused",
                Unit.NONE, "listener"));
        connectionDuration = histograms(MetricDescriptor.histogram("connection.duration", "Client connection lifetime",
                Unit.SECONDS, latencyBuckets, "listener"));
        authAttempts = counters(MetricDescriptor.counter("auth.attempts", "Authentication attempts", Unit.NONE, "scheme"));
        authFailures = counters(MetricDescriptor.counter("auth.failures", "Failed authentications", Unit.NONE, "scheme", "reason"));
        cacheHits = counters(MetricDescriptor.counter("cache.hits", "Cache lookups answered from the cache", Unit.NONE, "cache"));
        cacheMisses = counters(MetricDescriptor.counter("cache.misses", "Cache lookups that missed", Unit.NONE, "cache"));
        breakerState = gauges(MetricDescriptor.gauge("circuit_breaker.state",
                "1 for the circuit breaker's current state, 0 for the others", Unit.NONE, "upstream", "state"));
        breakerTransitions = counters(MetricDescriptor.counter("circuit_breaker.transitions",
                "Circuit breaker state changes, by the state entered", Unit.NONE, "upstream", "state"));
        targetHealth = gauges(MetricDescriptor.gauge("upstream.target.health",
                "1 for the upstream target's current health, 0 for the others", Unit.NONE, "upstream", "target", "state"));
    }

    private SeriesFamily<CounterSeries> counters(MetricDescriptor d) {
        return registry.family(d, labels -> new CounterSeries(labels, registry.arena()));
    }

    private SeriesFamily<HistogramSeries> histograms(MetricDescriptor d) {
        BucketLayout layout = new BucketLayout(d.bucketBounds());
        return registry.family(d, labels -> new HistogramSeries(labels, layout, registry.arena()));
    }

    private SeriesFamily<GaugeSeries> gauges(MetricDescriptor d) {
        return registry.family(d, (Function<Labels, GaugeSeries>) GaugeSeries::new);
    }

    boolean perConsumer() {
        return perConsumer;
    }

    StoreEvents events() {
        return events;
    }

    CounterSeries requestCounter(String service, String route, String method, String status, String source,
                                 String consumer) {
        if (perConsumer) {
            return requests.resolve(new String[] {service, route, method, status, source,
                consumer == null ? LabelValues.UNKNOWN : consumer});
        }
        return requests.resolve(new String[] {service, route, method, status, source});
    }

    @Override
    public RouteMetrics route(String service, String route) {
        return new RouteHandle(this, requestDuration.normalise(0, service), requestDuration.normalise(1, route));
    }

    @Override
    public RouteMetrics.Consumer consumer(String consumerId) {
        String id = consumerLabel(consumerId);
        ConsumerHandle handle = consumers.get(id);
        if (handle != null) {
            return handle;
        }
        synchronized (consumers) {
            handle = consumers.get(id);
            if (handle != null) {
                return handle;
            }
            if (consumers.size() >= maxHandles) {
                events.folded("requests", "consumer");
                return otherConsumer;
            }
            handle = new ConsumerHandle(id, nextConsumerIndex++);
            consumers.put(id, handle);
            return handle;
        }
    }

    /** A consumer id as a label value; a bad one is counted under {@code label="consumer"}, whether or not requests carry it. */
    private String consumerLabel(String consumerId) {
        if (consumerId == null || consumerId.isEmpty()) {
            events.invalid("requests", "consumer");
            return LabelValues.UNKNOWN;
        }
        if (consumerId.length() > LabelValues.MAX_LENGTH) {
            events.invalid("requests", "consumer");
            return LabelValues.OTHER;
        }
        return consumerId;
    }

    @Override
    public UpDownCounter inFlight() {
        return inFlight;
    }

    @Override
    public ConnectionMetrics connections(String listener) {
        String[] l = {connectionsOpened.normalise(0, listener)};
        return new ConnectionHandle(connectionsActive.resolve(l), connectionsOpened.resolve(l),
                connectionsClosed.resolve(l), connectionsRejected.resolve(l), connectionDuration.resolve(l));
    }

    @Override
    public AuthMetrics auth(String scheme) {
        String s = authAttempts.normalise(0, scheme);
        return new AuthHandle(s, authAttempts.resolve(new String[] {s}), authFailures, cache("auth"));
    }

    @Override
    public CacheMetrics cache(String name) {
        String[] n = {cacheHits.normalise(0, name)};
        CounterSeries hits = cacheHits.resolve(n);
        CounterSeries misses = cacheMisses.resolve(n);
        return new CacheMetrics() {
            @Override
            public void hit() {
                hits.add(1);
            }

            @Override
            public void miss() {
                misses.add(1);
            }
        };
    }

    @Override
    public CircuitBreakerMetrics circuitBreaker(String upstream) {
        // One handle per upstream: the handle remembers the current state to count transitions.
        String u = breakerState.normalise(0, upstream);
        if (breakers.size() >= maxHandles && !breakers.containsKey(u)) {
            u = LabelValues.OTHER;
        }
        return breakers.computeIfAbsent(u, name -> new BreakerHandle(name, breakerState, breakerTransitions));
    }

    @Override
    public UpstreamTargetMetrics upstreamTarget(String upstream, String target) {
        String u = targetHealth.normalise(0, upstream);
        String t = targetHealth.normalise(1, target);
        UpstreamTargetMetrics.Health[] all = UpstreamTargetMetrics.Health.values();
        GaugeSeries[] states = new GaugeSeries[all.length];
        for (UpstreamTargetMetrics.Health h : all) {
            states[h.ordinal()] = targetHealth.resolve(new String[] {u, t, h.label()});
        }
        return health -> {
            for (int i = 0; i < states.length; i++) {
                states[i].set(i == health.ordinal() ? 1 : 0);
            }
        };
    }

    @Override
    public Meters meters() {
        return meters;
    }

    RequestListener[] requestListeners() {
        return requestListeners;
    }

    void setRequestListeners(RequestListener[] listeners) {
        requestListeners = listeners.length == 0 ? NO_LISTENERS : listeners.clone();
    }
}
