package io.gatewatch.spring.gateway.it.mvc.jetty;

import java.util.Arrays;
import java.util.List;
import org.eclipse.jetty.server.NetworkConnector;
import org.springframework.boot.jetty.JettyWebServer;
import org.springframework.boot.web.server.WebServer;

/** The ports Jetty itself listens on: proof that a test's requests reach Jetty and not another container. */
final class JettyPorts {
    private JettyPorts() {
    }

    static List<Integer> of(WebServer server) {
        if (!(server instanceof JettyWebServer jetty)) {
            throw new AssertionError("the web server is " + server.getClass().getName() + ", not Jetty");
        }
        return Arrays.stream(jetty.getServer().getConnectors())
                .map(c -> ((NetworkConnector) c).getLocalPort())
                .toList();
    }
}
