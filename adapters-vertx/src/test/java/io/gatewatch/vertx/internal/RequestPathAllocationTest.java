package io.gatewatch.vertx.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.gatewatch.Gatewatch;
import io.gatewatch.testing.ThreadAllocation;
import io.gatewatch.vertx.GatewatchMetricsFactory;
import io.vertx.core.Context;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.net.SocketAddress;
import io.vertx.core.spi.metrics.ClientMetrics;
import io.vertx.core.spi.metrics.HttpServerMetrics;
import io.vertx.core.spi.metrics.PoolMetrics;
import io.vertx.core.spi.observability.HttpRequest;
import io.vertx.core.spi.observability.HttpResponse;
import java.lang.management.ManagementFactory;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The adapter's whole per-request path, driven on a real Vert.x event-loop context in the order
 * Vert.x calls it for a proxied request (server begin, routed, the pool's lease, the upstream call,
 * server end), without the network: what it allocates per request once the route's handle and the
 * connection's exchange exist. The bytes are the thread's own allocation counter, exact, not a
 * sample; the CPU time per request is printed, not asserted.
 */
class RequestPathAllocationTest {
    private static final int WARM_UP = 50_000;
    private static final int MEASURED = 200_000;
    private static final int ROUNDS = 3;

    @Test
    void a_proxied_request_allocates_nothing_once_its_handles_exist() throws Exception {
        Config config = ConfigFactory.parseString("""
                gatewatch.status.enabled = false
                gatewatch.exporters.prometheus.enabled = false
                gatewatch.shutdown-hook = false
                gatewatch.status.drain-delay = 0s
                """);
        try (Gatewatch gatewatch = Gatewatch.start(config)) {
            Vertx vertx = Vertx.builder().withMetrics(new GatewatchMetricsFactory(gatewatch, config)).build();
            try {
                GatewatchVertxMetrics metrics = new GatewatchVertxMetrics(gatewatch, VertxSettings.read(config), false);
                @SuppressWarnings("unchecked")
                HttpServerMetrics<Exchange, Void, ClientConnection> server = (HttpServerMetrics<Exchange, Void, ClientConnection>)
                        metrics.createHttpServerMetrics(null, SocketAddress.inetSocketAddress(8080, "127.0.0.1"));
                SocketAddress upstreamAddress = SocketAddress.inetSocketAddress(9090, "127.0.0.1");
                @SuppressWarnings("unchecked")
                ClientMetrics<Exchange, HttpRequest, HttpResponse> endpoint = (ClientMetrics<Exchange, HttpRequest, HttpResponse>)
                        metrics.createHttpClientMetrics(null).createEndpointMetrics(upstreamAddress, 5);
                @SuppressWarnings("unchecked")
                PoolMetrics<Exchange, Void> pool = (PoolMetrics<Exchange, Void>) metrics.createPoolMetrics("http", upstreamAddress.toString(), 5);
                Request request = new Request();
                Response response = new Response();

                CompletableFuture<long[]> result = new CompletableFuture<>();
                vertx.getOrCreateContext().runOnContext(v -> {
                    Context context = Vertx.currentContext();
                    ClientConnection connection = server.connected(SocketAddress.inetSocketAddress(50000, "127.0.0.1"), null);
                    com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
                    run(WARM_UP, server, endpoint, pool, connection, context, request, response);
                    long start = threads.getCurrentThreadCpuTime();
                    long bytes = ThreadAllocation.leastOf(ROUNDS,
                            () -> run(MEASURED, server, endpoint, pool, connection, context, request, response));
                    long nanos = (threads.getCurrentThreadCpuTime() - start) / ROUNDS;
                    result.complete(new long[] {bytes, nanos});
                });
                long[] measured = result.get(120, TimeUnit.SECONDS);
                System.out.printf("adapter request path: %.2f B/request allocated, %.0f ns of CPU/request (%d requests, least of %d rounds)%n",
                        (double) measured[0] / MEASURED, (double) measured[1] / MEASURED, MEASURED, ROUNDS);
                assertThat(gatewatch.snapshot()).isNotNull();
                // one object per request would be at least 16 B a request, 3.2 MB a round
                assertThat(measured[0]).isLessThan(64 * 1024);
            } finally {
                vertx.close().await(20, TimeUnit.SECONDS);
            }
        }
    }

    private static void run(int count, HttpServerMetrics<Exchange, Void, ClientConnection> server,
                            ClientMetrics<Exchange, HttpRequest, HttpResponse> endpoint, PoolMetrics<Exchange, Void> pool,
                            ClientConnection connection, Context context, Request request, Response response) {
        for (int i = 0; i < count; i++) {
            Exchange exchange = server.requestBegin(connection, request);
            RequestContexts.bind(context, exchange);   // what requestBegin does for Vert.x's own request objects
            server.requestRouted(exchange, "/users/:id");
            Exchange leased = pool.enqueue();
            pool.dequeue(leased);
            Exchange call = endpoint.requestBegin("/users/1", request);
            endpoint.requestEnd(call, 0);
            endpoint.responseBegin(call, response);
            endpoint.responseEnd(call, 17);
            server.requestEnd(exchange, request, 0);
            server.responseBegin(exchange, response);
            server.responseEnd(exchange, response, 17);
        }
    }

    /** What Vert.x hands the metrics for a request: here one object for every request. */
    private static final class Request implements HttpRequest {
        private final MultiMap headers = MultiMap.caseInsensitiveMultiMap();

        @Override
        public int id() {
            return 1;
        }

        @Override
        public String uri() {
            return "/users/1";
        }

        @Override
        public String absoluteURI() {
            return "http://127.0.0.1:8080/users/1";
        }

        @Override
        public HttpMethod method() {
            return HttpMethod.GET;
        }

        @Override
        public MultiMap headers() {
            return headers;
        }

        @Override
        public SocketAddress remoteAddress() {
            return null;
        }
    }

    private static final class Response implements HttpResponse {
        private final MultiMap headers = MultiMap.caseInsensitiveMultiMap();

        @Override
        public int statusCode() {
            return 200;
        }

        @Override
        public MultiMap headers() {
            return headers;
        }
    }
}
