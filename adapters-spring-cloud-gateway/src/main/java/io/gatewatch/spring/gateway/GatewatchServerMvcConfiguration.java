package io.gatewatch.spring.gateway;

import io.gatewatch.api.GatewayMetrics;
import io.gatewatch.api.adapter.RouteHandles;
import io.gatewatch.servlet.GatewatchFilter;
import io.gatewatch.spring.gateway.internal.servlet.JettyConnectionCounting;
import io.gatewatch.spring.gateway.internal.servlet.MvcRoutes;
import io.gatewatch.spring.gateway.internal.servlet.ServerMvcLabels;
import io.gatewatch.spring.gateway.internal.servlet.TimedProxyExchange;
import io.gatewatch.spring.gateway.internal.servlet.TomcatConnectionCounting;
import io.gatewatch.spring.gateway.internal.tracing.TraceSource;
import jakarta.servlet.DispatcherType;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.cloud.gateway.server.mvc.config.GatewayMvcProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

/**
 * Spring Cloud Gateway Server MVC: the servlet adapter's filter records every request, labelled
 * from Server MVC's own request attributes, the upstream call is timed around {@code ProxyExchange},
 * and the embedded Tomcat's or Jetty's connections are counted under listener {@value #LISTENER}.
 * The server factories' classes moved between Boot 3 and Boot 4: each line's is matched by name.
 */
@AutoConfiguration(after = GatewatchAutoConfiguration.class)
@ConditionalOnProperty(prefix = "gatewatch", name = "enabled", havingValue = "true", matchIfMissing = true)
@ConditionalOnClass(name = "org.springframework.cloud.gateway.server.mvc.handler.ProxyExchange")
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
public class GatewatchServerMvcConfiguration {
    /** The servlet container's listener name in the connection metrics, as Reactor Netty's on WebFlux. */
    public static final String LISTENER = "http";

    /**
     * First of all filters, and for the ERROR and ASYNC dispatches too, else error pages would count
     * no bytes. Not a request listener as well: Boot's error page sends every error through the
     * filter, and a listener would cost the container two event objects per request.
     */
    @Bean
    FilterRegistrationBean<GatewatchFilter> gatewatchServletRecorder(RouteHandles handles, GatewayMetrics metrics,
                                                                     ObjectProvider<GatewayMvcProperties> routes,
                                                                     ObjectProvider<TraceSource> traces) {
        TraceSource trace = GatewatchAutoConfiguration.traceSource(traces);
        GatewatchFilter filter = new GatewatchFilter(metrics, handles,
                new ServerMvcLabels(handles, new MvcRoutes(routes), trace));
        FilterRegistrationBean<GatewatchFilter> registration = new FilterRegistrationBean<>(filter);
        registration.setName(GatewatchFilter.FILTER_NAME);
        registration.setDispatcherTypes(DispatcherType.REQUEST, DispatcherType.ERROR, DispatcherType.ASYNC);
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
        return registration;
    }

    @Bean
    static BeanPostProcessor gatewatchProxyExchangeTiming() {
        return TimedProxyExchange.wrapper();
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = {"org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory",
            "org.apache.coyote.http11.Http11NioProtocol"})
    static class TomcatOnBoot4 {
        @Bean
        TomcatConnectionCounting gatewatchTomcatConnections(GatewayMetrics metrics) {
            return new TomcatConnectionCounting("org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory",
                    "org.springframework.boot.tomcat.TomcatConnectorCustomizer", metrics.connections(LISTENER));
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = {"org.springframework.boot.web.embedded.tomcat.TomcatServletWebServerFactory",
            "org.apache.coyote.http11.Http11NioProtocol"})
    static class TomcatOnBoot3 {
        @Bean
        TomcatConnectionCounting gatewatchTomcatConnections(GatewayMetrics metrics) {
            return new TomcatConnectionCounting("org.springframework.boot.web.embedded.tomcat.TomcatServletWebServerFactory",
                    "org.springframework.boot.web.embedded.tomcat.TomcatConnectorCustomizer", metrics.connections(LISTENER));
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = {"org.springframework.boot.jetty.servlet.JettyServletWebServerFactory",
            "org.eclipse.jetty.io.Connection$Listener"})
    static class JettyOnBoot4 {
        @Bean
        JettyConnectionCounting gatewatchJettyConnections(GatewayMetrics metrics) {
            return new JettyConnectionCounting("org.springframework.boot.jetty.servlet.JettyServletWebServerFactory",
                    "org.springframework.boot.jetty.JettyServerCustomizer", metrics.connections(LISTENER));
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = {"org.springframework.boot.web.embedded.jetty.JettyServletWebServerFactory",
            "org.eclipse.jetty.io.Connection$Listener"})
    static class JettyOnBoot3 {
        @Bean
        JettyConnectionCounting gatewatchJettyConnections(GatewayMetrics metrics) {
            return new JettyConnectionCounting("org.springframework.boot.web.embedded.jetty.JettyServletWebServerFactory",
                    "org.springframework.boot.web.embedded.jetty.JettyServerCustomizer", metrics.connections(LISTENER));
        }
    }
}
