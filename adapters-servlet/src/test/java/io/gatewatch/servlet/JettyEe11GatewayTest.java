package io.gatewatch.servlet;

import org.eclipse.jetty.ee11.servlet.ErrorPageErrorHandler;
import org.eclipse.jetty.ee11.servlet.ServletContextHandler;
import org.eclipse.jetty.ee11.servlet.ServletHolder;
import org.eclipse.jetty.server.handler.ContextHandler;

/** The scenarios in Jetty 12.1's ee11 environment (Servlet 6.1, the one Spring Boot 4 runs). */
class JettyEe11GatewayTest extends JettyScenarios {

    @Override
    ContextHandler application(Gateway gateway, String path, boolean errorPage) {
        ServletContextHandler context = new ServletContextHandler(path);
        ServletHolder proxy = new ServletHolder("proxy", gateway.proxy());
        proxy.setAsyncSupported(true);
        context.addServlet(proxy, "/*");
        if (errorPage) {
            context.addServlet(new ServletHolder("error", gateway.errorPage()), "/error");
            ErrorPageErrorHandler errors = new ErrorPageErrorHandler();
            errors.addErrorPage(ErrorPageErrorHandler.GLOBAL_ERROR_PAGE, "/error");
            context.setErrorHandler(errors);
        }
        context.addServletContainerInitializer(gateway.gatewatch());
        return context;
    }
}
