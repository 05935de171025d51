package io.gatewatch.sample.gateway;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * Built-in traffic ({@code --traffic}) so every metric moves without another tool: good and bad
 * keys, cacheable GETs, writes, a flaky upstream that trips its breaker, unknown paths, and a
 * consumer that exceeds its rate limit.
 */
final class TrafficGenerator implements AutoCloseable {
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "sample-traffic");
        t.setDaemon(true);
        return t;
    });
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final Semaphore inFlight = new Semaphore(64);
    private final String base;
    private final List<String> goodKeys;
    private final List<GatewaySettings.RouteSettings> routes;

    TrafficGenerator(String base, List<String> goodKeys, List<GatewaySettings.RouteSettings> routes) {
        this.base = base;
        this.goodKeys = goodKeys;
        this.routes = routes;
    }

    void start(double perSecond) {
        long periodMicros = Math.max(100, (long) (1_000_000 / perSecond));
        timer.scheduleAtFixedRate(this::fire, 0, periodMicros, TimeUnit.MICROSECONDS);
    }

    private void fire() {
        if (!inFlight.tryAcquire()) {
            return; // the gateway is slower than the rate: skip rather than pile up
        }
        ThreadLocalRandom random = ThreadLocalRandom.current();
        GatewaySettings.RouteSettings route = routes.get(random.nextInt(routes.size()));
        int dice = random.nextInt(100);
        String path = route.pathPrefix() + "/" + random.nextInt(20);
        String key = goodKeys.isEmpty() ? null : goodKeys.get(random.nextInt(goodKeys.size()));
        String method = "GET";
        if (dice < 8) {
            key = "wrong-key-" + random.nextInt(3);
        } else if (dice < 12) {
            key = null;
        } else if (dice < 17) {
            path = "/unknown/" + random.nextInt(1000);
        } else if (dice < 35) {
            method = "POST";
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(5))
                .method(method, method.equals("POST") ? HttpRequest.BodyPublishers.ofString("{\"qty\":1}")
                        : HttpRequest.BodyPublishers.noBody());
        if (key != null) {
            request.header(ApiKeyAuth.HEADER, key);
        }
        client.sendAsync(request.build(), HttpResponse.BodyHandlers.discarding())
                .whenComplete((r, e) -> inFlight.release());
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
