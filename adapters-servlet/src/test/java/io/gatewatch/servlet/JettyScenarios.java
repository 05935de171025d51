package io.gatewatch.servlet;

import io.gatewatch.servlet.jetty.JettyConnections;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.ContextHandler;
import org.eclipse.jetty.server.handler.ContextHandlerCollection;

/**
 * The scenarios in embedded Jetty 12.1: the server, its connector and the connection counts by
 * {@link JettyConnections} are Jetty's core, the same in every servlet environment; each
 * environment (ee10, ee11) builds the two applications with its own servlet classes.
 */
abstract class JettyScenarios extends ServletGatewayScenarios {

    @Override
    final Started start(Gateway gateway) throws Exception {
        Server server = new Server();
        ServerConnector http = new ServerConnector(server);
        http.setHost("127.0.0.1");
        http.setPort(0);
        // no idle connection of another test closes while one counts connections
        http.setIdleTimeout(120_000);
        http.addEventListener(new JettyConnections(gateway.instance(), LISTENER));
        server.addConnector(http);
        server.setHandler(new ContextHandlerCollection(application(gateway, PLAIN, false), application(gateway, "/", true)));
        server.start();
        return new Started(server::stop, http.getLocalPort());
    }

    /**
     * An application at {@code path}: the proxy servlet at /* (async supported) and gatewatch
     * installed; with {@code errorPage}, the error page servlet at /error for every error, else
     * none (Jetty renders errors itself).
     */
    abstract ContextHandler application(Gateway gateway, String path, boolean errorPage);
}
