package io.gatewatch.spring.gateway.it.mvc.jetty;

import org.springframework.boot.autoconfigure.SpringBootApplication;

/** A Spring Cloud Gateway Server MVC application on Jetty: routes in application.yml, no gatewatch code. */
@SpringBootApplication
public class TestJettyMvcGateway {
}
