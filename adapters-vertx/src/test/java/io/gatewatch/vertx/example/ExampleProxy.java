package io.gatewatch.vertx.example;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.metrics.MetricsOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.proxy.handler.ProxyHandler;
import io.vertx.httpproxy.HttpProxy;

/**
 * A Vert.x Web reverse proxy as users write one, for the benchmark: one verticle per core, each with
 * its own HTTP client, proxying {@code /users/:id} to an upstream in the same process (its own Vert.x,
 * never measured) that answers at once.
 *
 * <p>Usage: {@code ExampleProxy <port> on|off}. With {@code on}, the Vert.x options enable metrics
 * and gatewatch-vertx, found by Vert.x's service loader, starts gatewatch from the configuration
 * ({@code -Dgatewatch.status.port=...} and the like); with {@code off} nothing of gatewatch runs.
 */
public final class ExampleProxy {
    private ExampleProxy() {
    }

    public static void main(String[] args) {
        int port = Integer.parseInt(args[0]);
        boolean gatewatch = args.length > 1 && args[1].equals("on");
        int loops = Runtime.getRuntime().availableProcessors();

        Vertx upstreamVertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1));
        int upstreamPort = upstreamVertx.createHttpServer(new HttpServerOptions().setTcpNoDelay(true))
                .requestHandler(r -> r.response().putHeader("content-type", "application/json")
                        .end("{\"user\":\"" + r.path().substring(r.path().lastIndexOf('/') + 1) + "\"}"))
                .listen(0, "127.0.0.1").await().actualPort();

        VertxOptions options = new VertxOptions().setEventLoopPoolSize(loops);
        if (gatewatch) {
            options.setMetricsOptions(new MetricsOptions().setEnabled(true));
        }
        Vertx vertx = Vertx.vertx(options);
        vertx.deployVerticle(() -> new ProxyVerticle(port, upstreamPort), new DeploymentOptions().setInstances(loops)).await();
        System.out.println("proxy listening on 127.0.0.1:" + port + ", upstream on " + upstreamPort + ", gatewatch " + (gatewatch ? "on" : "off"));
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            vertx.close().await();
            upstreamVertx.close().await();
        }));
    }

    private static final class ProxyVerticle extends VerticleBase {
        private final int port;
        private final int upstreamPort;

        ProxyVerticle(int port, int upstreamPort) {
            this.port = port;
            this.upstreamPort = upstreamPort;
        }

        @Override
        public Future<?> start() {
            Router router = Router.router(vertx);
            router.route("/users/:id").handler(ProxyHandler.create(
                    HttpProxy.reverseProxy(vertx.createHttpClient()).origin(upstreamPort, "127.0.0.1")));
            return vertx.createHttpServer().requestHandler(router).listen(port, "127.0.0.1");
        }
    }
}
