package io.gatewatch.spring.gateway.internal.servlet;

import io.gatewatch.api.ConnectionMetrics;
import io.gatewatch.servlet.tomcat.CountingHttp11NioProtocol;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import org.apache.catalina.connector.Connector;
import org.apache.coyote.http11.Http11NioProtocol;
import org.springframework.boot.web.server.WebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.core.Ordered;
import org.springframework.util.ReflectionUtils;

/**
 * Counts the connections of Spring Boot's embedded Tomcat: its main connector is built on
 * {@link CountingHttp11NioProtocol} (Tomcat's default protocol, counting once per socket), told
 * where to count by a connector customizer. It runs after the application's own customizers and
 * leaves a protocol they chose alone.
 */
public final class TomcatConnectionCounting implements WebServerFactoryCustomizer<WebServerFactory>, Ordered {
    private final Class<?> factoryType;
    private final Class<?> connectorCustomizerType;
    private final ConnectionMetrics connections;

    /** Class names of the servlet factory and of its connector customizer on this Boot line. */
    public TomcatConnectionCounting(String factoryType, String connectorCustomizerType, ConnectionMetrics connections) {
        this.factoryType = BootCustomizers.type(factoryType);
        this.connectorCustomizerType = BootCustomizers.type(connectorCustomizerType);
        this.connections = connections;
    }

    @Override
    public void customize(WebServerFactory factory) {
        if (!factoryType.isInstance(factory) || !Http11NioProtocol.class.getName().equals(protocolOf(factory))) {
            return;
        }
        Method setProtocol = ReflectionUtils.findMethod(factory.getClass(), "setProtocol", String.class);
        ReflectionUtils.invokeMethod(setProtocol, factory, CountingHttp11NioProtocol.class.getName());
        BootCustomizers.add(factory, "addConnectorCustomizers", connectorCustomizerType, connector -> {
            if (((Connector) connector).getProtocolHandler() instanceof CountingHttp11NioProtocol counting) {
                counting.countInto(connections);
            }
        });
    }

    /** Boot 4 has a getter; Boot 3 keeps the protocol in a field only. */
    private static Object protocolOf(WebServerFactory factory) {
        Method getter = ReflectionUtils.findMethod(factory.getClass(), "getProtocol");
        if (getter != null) {
            return ReflectionUtils.invokeMethod(getter, factory);
        }
        Field field = ReflectionUtils.findField(factory.getClass(), "protocol", String.class);
        if (field == null) {
            return null;
        }
        ReflectionUtils.makeAccessible(field);
        return ReflectionUtils.getField(field, factory);
    }

    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE;
    }
}
