package io.gatewatch.sample.gateway;

import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import io.gatewatch.spi.Lifecycle;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The gateway's client-facing listener, run as a gatewatch lifecycle: it starts with the
 * plugins and stops right after the drain delay, so requests still arriving while the load
 * balancer notices the node going unready are served, and the final flush counts them.
 */
final class FrontServer implements Lifecycle {
    private final String host;
    private final int port;
    private final int threads;
    private final HttpHandler handler;
    private final ConnectionTracker connections;
    private HttpServer server;
    private ExecutorService workers;
    private ScheduledExecutorService sweeper;

    FrontServer(String host, int port, int threads, HttpHandler handler, ConnectionTracker connections) {
        this.host = host;
        this.port = port;
        this.threads = threads;
        this.handler = handler;
        this.connections = connections;
    }

    @Override
    public String name() {
        return "sample-gateway";
    }

    @Override
    public void start() throws IOException {
        AtomicInteger n = new AtomicInteger();
        workers = Executors.newFixedThreadPool(threads, r -> new Thread(r, "gateway-worker-" + n.incrementAndGet()));
        server = HttpServer.create(new InetSocketAddress(host, port), 1024);
        server.setExecutor(workers);
        server.createContext("/", handler);
        server.start();
        sweeper = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "gateway-connection-sweeper");
            t.setDaemon(true);
            return t;
        });
        sweeper.scheduleAtFixedRate(() -> connections.sweep(System.nanoTime()), 1, 1, TimeUnit.SECONDS);
    }

    int boundPort() {
        return server.getAddress().getPort();
    }

    @Override
    public StopPhase stopPhase() {
        return StopPhase.AFTER_DRAIN;
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop(1);
            workers.shutdown();
            sweeper.shutdownNow();
            connections.closeAll(System.nanoTime());
            server = null;
        }
    }
}
