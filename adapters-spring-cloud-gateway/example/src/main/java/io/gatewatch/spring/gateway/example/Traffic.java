package io.gatewatch.spring.gateway.example;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/** A steady mix of requests: good keys, no key, bursts past the rate limit, unknown paths, a flaky upstream. */
final class Traffic {
    private static final List<String[]> MIX = List.of(
            new String[] {"/users/1", "key-ada"},
            new String[] {"/users/2", "key-bob"},
            new String[] {"/users/3", ""},
            new String[] {"/orders/7", "key-ada"},
            new String[] {"/orders/8", "key-bob"},
            new String[] {"/flaky/1", ""},
            new String[] {"/nowhere", ""});

    private Traffic() {
    }

    static ScheduledExecutorService start(int port) {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "example-traffic");
            t.setDaemon(true);
            return t;
        });
        timer.scheduleAtFixedRate(() -> {
            String[] pick = MIX.get(ThreadLocalRandom.current().nextInt(MIX.size()));
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + pick[0]))
                    .timeout(Duration.ofSeconds(5));
            if (!pick[1].isEmpty()) {
                request.header(ApiKeyFilter.HEADER, pick[1]);
            }
            client.sendAsync(request.build(), HttpResponse.BodyHandlers.discarding());
        }, 0, 10, TimeUnit.MILLISECONDS);
        return timer;
    }
}
