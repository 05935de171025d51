package io.gatewatch.spring.gateway.internal.servlet;

import io.gatewatch.api.ConnectionMetrics;
import io.gatewatch.servlet.jetty.JettyConnections;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.Server;
import org.springframework.boot.web.server.WebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;

/**
 * Counts the connections of Spring Boot's embedded Jetty: {@link JettyConnections} on each of its
 * connectors, added by a server customizer (Boot applies those once the connectors exist).
 */
public final class JettyConnectionCounting implements WebServerFactoryCustomizer<WebServerFactory> {
    private final Class<?> factoryType;
    private final Class<?> serverCustomizerType;
    private final ConnectionMetrics connections;

    /** Class names of the servlet factory and of its server customizer on this Boot line. */
    public JettyConnectionCounting(String factoryType, String serverCustomizerType, ConnectionMetrics connections) {
        this.factoryType = BootCustomizers.type(factoryType);
        this.serverCustomizerType = BootCustomizers.type(serverCustomizerType);
        this.connections = connections;
    }

    @Override
    public void customize(WebServerFactory factory) {
        if (!factoryType.isInstance(factory)) {
            return;
        }
        JettyConnections listener = new JettyConnections(connections);
        BootCustomizers.add(factory, "addServerCustomizers", serverCustomizerType, server -> {
            for (Connector connector : ((Server) server).getConnectors()) {
                connector.addEventListener(listener);
            }
        });
    }
}
