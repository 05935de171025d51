package io.gatewatch.servlet.internal;

import jakarta.servlet.ServletContext;
import jakarta.servlet.http.HttpServletRequest;
import org.eclipse.jetty.ee11.servlet.ServletContextHandler;
import org.eclipse.jetty.ee11.servlet.ServletContextRequest;
import org.eclipse.jetty.server.Request;

/**
 * Jetty's ee11 environment (Servlet 6.1, Spring Boot 4's). Its methods call into ee11's classes:
 * {@link JettyCompletion} creates it only where they are visible.
 */
final class JettyEe11Environment implements JettyCompletion.Environment {

    @Override
    public boolean serves(ServletContext context) {
        return ServletContextHandler.getServletContextHandler(context) != null;
    }

    @Override
    public Request jettyRequest(HttpServletRequest request) {
        try {
            return ServletContextRequest.getServletContextRequest(request);
        } catch (IllegalStateException anotherEnvironments) {
            return null;   // this environment's classes are here, but another environment or container serves the request
        }
    }
}
