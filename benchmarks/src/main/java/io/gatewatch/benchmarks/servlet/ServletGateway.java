package io.gatewatch.benchmarks.servlet;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.typesafe.config.ConfigFactory;
import io.gatewatch.Gatewatch;
import io.gatewatch.servlet.GatewatchFilter;
import io.gatewatch.servlet.GatewatchRequest;
import io.gatewatch.servlet.jetty.JettyConnections;
import io.gatewatch.servlet.tomcat.TomcatConnections;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.concurrent.Executors;
import org.apache.catalina.Context;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.startup.Tomcat;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * A servlet gateway for benchmarks/servlet.sh: a proxy servlet relaying {@code /users/*} to an
 * upstream in the same process, in embedded Jetty or Tomcat, with gatewatch's filter and
 * connection counts on or everything off. The upstream also answers {@code /allocated}: the bytes
 * every live thread of the process has allocated so far.
 *
 * <p>Usage: {@code ServletGateway jetty|tomcat on|off <port> <status-port> <upstream-port>}
 */
public final class ServletGateway {
    private static final byte[] USER = "{\"id\":1,\"name\":\"ada\"}".getBytes(StandardCharsets.UTF_8);

    private ServletGateway() {
    }

    public static void main(String[] args) throws Exception {
        String container = args[0];
        boolean on = args[1].equals("on");
        int port = Integer.parseInt(args[2]);
        int statusPort = Integer.parseInt(args[3]);
        int upstreamPort = Integer.parseInt(args[4]);
        startUpstream(upstreamPort);
        Gatewatch gatewatch = on ? Gatewatch.start(ConfigFactory.parseString("gatewatch { shutdown-hook = false, "
                + "status { host = \"127.0.0.1\", port = " + statusPort + ", drain-delay = 0s } }")) : null;
        Proxy proxy = new Proxy("http://127.0.0.1:" + upstreamPort);
        if (container.equals("jetty")) {
            jetty(port, gatewatch, proxy);
        } else {
            tomcat(port, gatewatch, proxy);
        }
        System.out.println("serving on " + port + " with gatewatch " + (on ? "on" : "off"));
        Thread.currentThread().join();
    }

    private static void jetty(int port, Gatewatch gatewatch, Proxy proxy) throws Exception {
        Server server = new Server();
        ServerConnector http = new ServerConnector(server);
        http.setHost("127.0.0.1");
        http.setPort(port);
        if (gatewatch != null) {
            http.addEventListener(new JettyConnections(gatewatch, "http"));
        }
        server.addConnector(http);
        ServletContextHandler context = new ServletContextHandler("/");
        context.addServlet(new ServletHolder(proxy), "/*");
        if (gatewatch != null) {
            context.addServletContainerInitializer((classes, ctx) -> GatewatchFilter.install(ctx, gatewatch));
        }
        server.setHandler(context);
        server.start();
    }

    private static void tomcat(int port, Gatewatch gatewatch, Proxy proxy) throws Exception {
        String base = Files.createTempDirectory("tomcat").toString();
        Tomcat tomcat = new Tomcat();
        tomcat.setBaseDir(base);
        Connector http = gatewatch != null ? new Connector(TomcatConnections.http11Nio(gatewatch, "http")) : new Connector();
        http.setPort(port);
        http.setProperty("address", "127.0.0.1");
        tomcat.setConnector(http);
        Context context = tomcat.addContext("", base);
        Tomcat.addServlet(context, "proxy", proxy);
        context.addServletMappingDecoded("/*", "proxy");
        if (gatewatch != null) {
            context.addServletContainerInitializer((classes, ctx) -> GatewatchFilter.install(ctx, gatewatch), null);
        }
        tomcat.start();
    }

    private static void startUpstream(int port) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 256);
        server.createContext("/users", exchange -> answer(exchange, USER));
        server.createContext("/allocated", exchange ->
                answer(exchange, Long.toString(allocated()).getBytes(StandardCharsets.US_ASCII)));
        server.setExecutor(Executors.newFixedThreadPool(4));
        server.start();
    }

    private static void answer(HttpExchange exchange, byte[] body) throws IOException {
        try (exchange) {
            exchange.getRequestBody().readAllBytes();
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
        }
    }

    private static long allocated() {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long total = 0;
        for (long bytes : threads.getThreadAllocatedBytes(threads.getAllThreadIds())) {
            total += Math.max(0, bytes);
        }
        return total;
    }

    /** The gateway: labels the request and relays it; with gatewatch off the labels go nowhere. */
    private static final class Proxy extends HttpServlet {
        private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        private final String upstream;

        Proxy(String upstream) {
            this.upstream = upstream;
        }

        @Override
        protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
            GatewatchRequest gw = GatewatchRequest.of(request).route("users-api", "users");
            gw.upstreamStarted();
            HttpResponse<InputStream> answer;
            try {
                answer = client.send(HttpRequest.newBuilder(URI.create(upstream + request.getRequestURI())).build(),
                        HttpResponse.BodyHandlers.ofInputStream());
            } catch (IOException | InterruptedException failed) {
                gw.upstreamFailed();
                response.sendError(502);
                return;
            }
            response.setStatus(answer.statusCode());
            answer.headers().firstValueAsLong("content-length").ifPresent(response::setContentLengthLong);
            try (InputStream in = answer.body()) {
                OutputStream out = response.getOutputStream();
                in.transferTo(out);
            }
            gw.upstreamAnswered();
        }
    }
}
