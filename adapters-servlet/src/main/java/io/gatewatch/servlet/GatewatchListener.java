package io.gatewatch.servlet;

import io.gatewatch.Gatewatch;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;

/**
 * For applications configured by {@code web.xml}: starts gatewatch with its default configuration
 * ({@code application.conf} or {@code -Dconfig.file}, system properties, every jar's
 * {@code reference.conf}), installs {@link GatewatchFilter} before every other filter, and closes
 * gatewatch when the application stops. One line in {@code web.xml}:
 *
 * <pre>{@code
 * <listener><listener-class>io.gatewatch.servlet.GatewatchListener</listener-class></listener>
 * }</pre>
 *
 * <p>Other code of the application finds the {@link Gatewatch} in the servlet context attribute
 * {@link GatewatchFilter#GATEWATCH_ATTRIBUTE}.
 */
public final class GatewatchListener implements ServletContextListener {
    private Gatewatch gatewatch;

    @Override
    public void contextInitialized(ServletContextEvent event) {
        ServletContext context = event.getServletContext();
        gatewatch = Gatewatch.start();
        context.setAttribute(GatewatchFilter.GATEWATCH_ATTRIBUTE, gatewatch);
        GatewatchFilter.install(context, gatewatch);
    }

    @Override
    public void contextDestroyed(ServletContextEvent event) {
        if (gatewatch != null) {
            event.getServletContext().removeAttribute(GatewatchFilter.GATEWATCH_ATTRIBUTE);
            gatewatch.close();
        }
    }
}
