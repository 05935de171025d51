package io.gatewatch.spring.gateway.example;

import java.util.Arrays;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A Spring Cloud Gateway application with gatewatch on its classpath and no gatewatch code: routes
 * in application.yml to upstreams it starts itself, an API-key filter, the request rate limiter with
 * an in-memory limiter. {@code --traffic} sends a mix of requests at it. The gateway listens on
 * 8080, gatewatch's status listener on 8051 (/metrics, /health/ready, /status).
 */
@SpringBootApplication
public class ExampleGateway {
    public static void main(String[] args) {
        run(args);
    }

    /** Starts the upstreams and the gateway (and, with {@code --traffic}, the traffic); closing the context stops all. */
    public static ConfigurableApplicationContext run(String... args) {
        ExampleUpstreams upstreams = ExampleUpstreams.launch();
        System.setProperty("example.upstream.url", upstreams.url());
        SpringApplication application = new SpringApplication(ExampleGateway.class);
        // stopped last, after the gateway's drain and graceful shutdown, so in-flight requests still reach them
        application.addInitializers(context -> context.getBeanFactory().registerSingleton("exampleUpstreams", upstreams));
        ConfigurableApplicationContext context = application.run(args);
        if (Arrays.asList(args).contains("--traffic")) {
            int port = Integer.parseInt(context.getEnvironment().getProperty("local.server.port", "8080"));
            java.util.concurrent.ScheduledExecutorService traffic = Traffic.start(port);
            context.addApplicationListener(event -> {
                if (event instanceof org.springframework.context.event.ContextClosedEvent) {
                    traffic.shutdownNow();
                }
            });
        }
        return context;
    }
}
