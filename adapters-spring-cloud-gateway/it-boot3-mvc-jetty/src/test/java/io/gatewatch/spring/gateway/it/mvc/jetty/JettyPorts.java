package io.gatewatch.spring.gateway.it.mvc.jetty;

import java.util.Arrays;
import java.util.List;
import org.eclipse.jetty.server.NetworkConnector;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.boot.web.embedded.jetty.JettyWebServer;
import org.springframework.boot.web.server.WebServer;
import org.springframework.context.ApplicationContext;

/**
 * The ports Jetty itself listens on: proof that a test's requests reach Jetty and not another
 * container. Boot 3's classes: the one part of the shared Jetty tests that differs by Boot line.
 */
final class JettyPorts {
    private JettyPorts() {
    }

    static List<Integer> of(ApplicationContext context) {
        WebServer server = ((WebServerApplicationContext) context).getWebServer();
        if (!(server instanceof JettyWebServer jetty)) {
            throw new AssertionError("the web server is " + server.getClass().getName() + ", not Jetty");
        }
        return Arrays.stream(jetty.getServer().getConnectors())
                .map(c -> ((NetworkConnector) c).getLocalPort())
                .toList();
    }
}
