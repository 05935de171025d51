package io.gatewatch.vitals.testing;

import io.gatewatch.api.GatewayMetrics;
import io.gatewatch.api.HttpMethod;
import io.gatewatch.api.ResponseSource;
import io.gatewatch.api.RouteMetrics;
import java.util.SplittableRandom;

/**
 * A second's worth of believable gateway traffic, recorded through the public recording API:
 * a few services and routes of different weight, consumers, a daily-looking wave in the rate,
 * occasional 4xx/5xx bursts, slower upstreams now and then, auth failures and a response cache.
 */
public final class SyntheticTraffic {
    private static final String[][] ROUTES = {
        {"accounts", "get-user"}, {"accounts", "update-user"}, {"shop", "list-products"}, {"shop", "create-order"},
        {"shop", "get-order"}, {"search", "query"}, {"media", "thumbnail"}, {"billing", "invoice"},
    };
    private static final int[] WEIGHTS = {30, 4, 25, 6, 10, 18, 12, 2};
    private static final String[] CONSUMERS = {"mobile-app", "web-frontend", "partner-acme", "batch-reports", "partner-globex"};

    private final GatewayMetrics metrics;
    private final RouteMetrics[] routes = new RouteMetrics[ROUTES.length];
    private final RouteMetrics.Consumer[] consumers = new RouteMetrics.Consumer[CONSUMERS.length];
    private final SplittableRandom random = new SplittableRandom(42);

    public SyntheticTraffic(GatewayMetrics metrics) {
        this.metrics = metrics;
        for (int i = 0; i < ROUTES.length; i++) {
            routes[i] = metrics.route(ROUTES[i][0], ROUTES[i][1]);
        }
        for (int i = 0; i < CONSUMERS.length; i++) {
            consumers[i] = metrics.consumer(CONSUMERS[i]);
        }
        for (int i = 0; i < 12; i++) {
            metrics.connections("http").opened();
        }
    }

    /** Records the traffic of second {@code t} (seconds since some start). */
    public void second(long t) {
        double wave = 1 + 0.5 * Math.sin(t / 90.0) + 0.2 * Math.sin(t / 17.0);
        int requests = (int) (60 * wave) + random.nextInt(10);
        boolean incident = (t / 60) % 7 == 3;
        for (int r = 0; r < requests; r++) {
            int route = pick();
            int status = 200;
            ResponseSource source = ResponseSource.UPSTREAM;
            double u = random.nextDouble();
            if (u < (incident ? 0.08 : 0.01)) {
                status = 503;
            } else if (u < 0.04) {
                status = 404;
            } else if (u < 0.06) {
                status = 401;
                source = ResponseSource.AUTH_REJECTED;
            } else if (u < 0.08) {
                status = 304;
            }
            long upstream = (long) ((3 + random.nextDouble() * (route == 5 ? 60 : 20)) * (incident ? 3 : 1) * 1_000_000L);
            long overhead = (long) ((0.2 + random.nextDouble() * 0.8) * 1_000_000L);
            boolean noUpstream = source == ResponseSource.AUTH_REJECTED;
            metrics.cache("responses").hit();
            if (random.nextInt(4) == 0) {
                metrics.cache("responses").miss();
            }
            if (noUpstream) {
                metrics.auth("key-auth").failure("invalid_key");
                routes[route].record(HttpMethod.GET, status, source, overhead, RouteMetrics.NO_UPSTREAM, 200, 80,
                        consumers[random.nextInt(consumers.length)]);
            } else {
                routes[route].record(route == 3 ? HttpMethod.POST : HttpMethod.GET, status, source,
                        upstream + overhead, upstream, 300 + random.nextInt(900), 1_000 + random.nextInt(20_000),
                        consumers[Math.min(random.nextInt(consumers.length + 2), consumers.length - 1)]);
            }
        }
        if (random.nextInt(3) == 0) {
            metrics.connections("http").opened();
        } else if (random.nextInt(3) == 0) {
            metrics.connections("http").closed(5_000_000_000L);
        }
    }

    private int pick() {
        int total = 0;
        for (int w : WEIGHTS) {
            total += w;
        }
        int x = random.nextInt(total);
        for (int i = 0; i < WEIGHTS.length; i++) {
            x -= WEIGHTS[i];
            if (x < 0) {
                return i;
            }
        }
        return 0;
    }
}
