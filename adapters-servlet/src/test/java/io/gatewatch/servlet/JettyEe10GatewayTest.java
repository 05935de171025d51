package io.gatewatch.servlet;

import org.eclipse.jetty.ee10.servlet.ErrorPageErrorHandler;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.handler.ContextHandler;

/** The scenarios in Jetty 12.1's ee10 environment (Servlet 6.0). */
class JettyEe10GatewayTest extends JettyScenarios {

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
