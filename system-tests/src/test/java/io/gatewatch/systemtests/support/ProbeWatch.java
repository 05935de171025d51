package io.gatewatch.systemtests.support;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Polls probes as a load balancer or kubelet does, every {@code periodMillis}, with a time limit,
 * and keeps every miss (a non-200 answer, an error, or an answer later than the limit).
 */
public final class ProbeWatch implements AutoCloseable {
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(1)).build();
    private final List<String> misses = new CopyOnWriteArrayList<>();
    private final AtomicLong probes = new AtomicLong();
    private final AtomicLong slowestMillis = new AtomicLong();
    private final Thread thread;
    private volatile boolean running = true;

    public ProbeWatch(int statusPort, List<String> paths, Duration limit, long periodMillis) {
        thread = new Thread(() -> {
            while (running) {
                for (String path : paths) {
                    long start = System.nanoTime();
                    try {
                        HttpResponse<Void> r = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + statusPort + path))
                                .timeout(limit).build(), HttpResponse.BodyHandlers.discarding());
                        long ms = (System.nanoTime() - start) / 1_000_000;
                        slowestMillis.accumulateAndGet(ms, Math::max);
                        if (r.statusCode() != 200 || ms > limit.toMillis()) {
                            misses.add(path + " answered " + r.statusCode() + " in " + ms + " ms");
                        }
                    } catch (Exception e) {
                        misses.add(path + " failed after " + (System.nanoTime() - start) / 1_000_000 + " ms: " + e);
                    }
                    probes.incrementAndGet();
                }
                try {
                    Thread.sleep(periodMillis);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "probe-watch");
        thread.setDaemon(true);
        thread.start();
    }

    public List<String> misses() {
        return misses;
    }

    public long probes() {
        return probes.get();
    }

    public long slowestMillis() {
        return slowestMillis.get();
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.interrupt();
        thread.join(5000);
    }
}
