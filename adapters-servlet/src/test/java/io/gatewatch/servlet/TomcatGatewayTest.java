package io.gatewatch.servlet;

import io.gatewatch.servlet.tomcat.TomcatConnections;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.catalina.Context;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.startup.Tomcat;
import org.apache.tomcat.util.descriptor.web.ErrorPage;

/** The scenarios in embedded Tomcat 11, connections counted by {@link TomcatConnections}. */
class TomcatGatewayTest extends ServletGatewayScenarios {

    @Override
    Started start(Gateway gateway) throws Exception {
        Path base = Files.createTempDirectory("tomcat");
        Tomcat tomcat = new Tomcat();
        tomcat.setBaseDir(base.toString());
        Connector http = new Connector(TomcatConnections.http11Nio(gateway.instance(), LISTENER));
        http.setPort(0);
        http.setProperty("address", "127.0.0.1");
        // no idle connection of another test closes while one counts connections
        http.setProperty("keepAliveTimeout", "120000");
        tomcat.setConnector(http);

        Context root = application(tomcat, gateway, "", base);
        Tomcat.addServlet(root, "error", gateway.errorPage());
        root.addServletMappingDecoded("/error", "error");
        ErrorPage errors = new ErrorPage();
        errors.setLocation("/error");
        root.addErrorPage(errors);
        application(tomcat, gateway, PLAIN, base);
        tomcat.start();
        return new Started(() -> {
            tomcat.stop();
            tomcat.destroy();
        }, http.getLocalPort());
    }

    private static Context application(Tomcat tomcat, Gateway gateway, String path, Path base) {
        Context context = tomcat.addContext(path, base.toString());
        Tomcat.addServlet(context, "proxy", gateway.proxy()).setAsyncSupported(true);
        context.addServletMappingDecoded("/*", "proxy");
        context.addServletContainerInitializer(gateway.gatewatch(), null);
        return context;
    }
}
