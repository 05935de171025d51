package io.gatewatch.servlet;

import io.gatewatch.servlet.jetty.JettyConnections;
import org.eclipse.jetty.ee10.servlet.ErrorPageErrorHandler;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.ContextHandlerCollection;

/** The scenarios in embedded Jetty 12 (ee10), connections counted by {@link JettyConnections}. */
class JettyGatewayTest extends ServletGatewayScenarios {

    @Override
    Started start(Gateway gateway) throws Exception {
        Server server = new Server();
        ServerConnector http = new ServerConnector(server);
        http.setHost("127.0.0.1");
        http.setPort(0);
        // no idle connection of another test closes while one counts connections
        http.setIdleTimeout(120_000);
        http.addEventListener(new JettyConnections(gateway.instance(), LISTENER));
        server.addConnector(http);

        ServletContextHandler root = application(gateway, "/");
        root.addServlet(new ServletHolder("error", gateway.errorPage()), "/error");
        ErrorPageErrorHandler errors = new ErrorPageErrorHandler();
        errors.addErrorPage(ErrorPageErrorHandler.GLOBAL_ERROR_PAGE, "/error");
        root.setErrorHandler(errors);
        server.setHandler(new ContextHandlerCollection(application(gateway, PLAIN), root));
        server.start();
        return new Started(server::stop, http.getLocalPort());
    }

    private static ServletContextHandler application(Gateway gateway, String path) {
        ServletContextHandler context = new ServletContextHandler(path);
        ServletHolder proxy = new ServletHolder("proxy", gateway.proxy());
        proxy.setAsyncSupported(true);
        context.addServlet(proxy, "/*");
        context.addServletContainerInitializer(gateway.gatewatch());
        return context;
    }
}
