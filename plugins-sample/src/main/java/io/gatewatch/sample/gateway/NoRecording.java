package io.gatewatch.sample.gateway;

import io.gatewatch.api.AuthMetrics;
import io.gatewatch.api.CacheMetrics;
import io.gatewatch.api.CircuitBreakerMetrics;
import io.gatewatch.api.ConnectionMetrics;
import io.gatewatch.api.GatewayMetrics;
import io.gatewatch.api.HttpMethod;
import io.gatewatch.api.Meters;
import io.gatewatch.api.ResponseSource;
import io.gatewatch.api.RouteMetrics;
import io.gatewatch.api.UpDownCounter;
import io.gatewatch.api.UpstreamTargetMetrics;

/**
 * The recording API doing nothing ({@code sample-gateway.recording = false}): the baseline the
 * end-to-end benchmark compares gatewatch against, with the proxy otherwise unchanged.
 */
final class NoRecording implements GatewayMetrics {
    private final Meters meters;

    NoRecording(Meters meters) {
        this.meters = meters;
    }

    private static final RouteMetrics.Consumer CONSUMER = () -> "none";

    @Override
    public RouteMetrics route(String service, String route) {
        return new RouteMetrics() {
            @Override
            public void record(HttpMethod method, int status, ResponseSource source, long totalNanos, long upstreamNanos,
                               long bytesIn, long bytesOut) {
            }

            @Override
            public void record(HttpMethod method, int status, ResponseSource source, long totalNanos, long upstreamNanos,
                               long bytesIn, long bytesOut, Consumer consumer) {
            }

            @Override
            public void rateLimited() {
            }

            @Override
            public String service() {
                return service;
            }

            @Override
            public String route() {
                return route;
            }
        };
    }

    @Override
    public RouteMetrics.Consumer consumer(String consumerId) {
        return CONSUMER;
    }

    @Override
    public UpDownCounter inFlight() {
        return delta -> { };
    }

    @Override
    public ConnectionMetrics connections(String listener) {
        return new ConnectionMetrics() {
            @Override
            public void opened() {
            }

            @Override
            public void closed(long lifetimeNanos) {
            }

            @Override
            public void rejected() {
            }
        };
    }

    @Override
    public AuthMetrics auth(String scheme) {
        return new AuthMetrics() {
            @Override
            public void attempt() {
            }

            @Override
            public void failure(String reason) {
            }

            @Override
            public void cacheHit() {
            }

            @Override
            public void cacheMiss() {
            }
        };
    }

    @Override
    public CacheMetrics cache(String name) {
        return new CacheMetrics() {
            @Override
            public void hit() {
            }

            @Override
            public void miss() {
            }
        };
    }

    @Override
    public CircuitBreakerMetrics circuitBreaker(String upstream) {
        return state -> { };
    }

    @Override
    public UpstreamTargetMetrics upstreamTarget(String upstream, String target) {
        return health -> { };
    }

    @Override
    public Meters meters() {
        return meters;
    }
}
