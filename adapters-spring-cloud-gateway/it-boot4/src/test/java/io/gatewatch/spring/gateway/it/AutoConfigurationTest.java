package io.gatewatch.spring.gateway.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.gatewatch.Gatewatch;
import io.gatewatch.api.GatewayMetrics;
import io.gatewatch.api.Meters;
import io.gatewatch.spring.gateway.GatewatchAutoConfiguration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ReactiveWebApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.server.reactive.HttpHandlerDecoratorFactory;

/** The auto-configuration's switches, without a web server. */
class AutoConfigurationTest {
    private final ReactiveWebApplicationContextRunner runner = new ReactiveWebApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(GatewatchAutoConfiguration.class))
            .withPropertyValues("gatewatch.status.enabled=false", "gatewatch.status.drain-delay=0s");

    @Test
    void gatewatch_enabled_false_turns_everything_off() {
        runner.withPropertyValues("gatewatch.enabled=false").run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context).doesNotHaveBean(Gatewatch.class);
            assertThat(context).doesNotHaveBean(HttpHandlerDecoratorFactory.class);
        });
    }

    @Test
    void the_application_gets_the_three_beans_and_the_recording() {
        runner.run(context -> {
            assertThat(context).hasSingleBean(Gatewatch.class);
            assertThat(context).hasSingleBean(GatewayMetrics.class);
            assertThat(context).hasSingleBean(Meters.class);
            assertThat(context).hasSingleBean(HttpHandlerDecoratorFactory.class);
            assertThat(context.getBean(GatewayMetrics.class)).isSameAs(context.getBean(Gatewatch.class).metrics());
        });
    }

    @Test
    void an_application_that_brings_its_own_gatewatch_keeps_it_and_the_gateway_records_into_it() {
        runner.withUserConfiguration(OwnGatewatch.class).run(context -> {
            assertThat(context).hasSingleBean(Gatewatch.class);
            Gatewatch own = context.getBean(OwnGatewatch.class).gatewatch;
            assertThat(context.getBean(Gatewatch.class)).isSameAs(own);
            assertThat(context.getBean(GatewayMetrics.class)).isSameAs(own.metrics());
        });
    }

    @Configuration(proxyBeanMethods = false)
    static class OwnGatewatch {
        final Gatewatch gatewatch = Gatewatch.start(com.typesafe.config.ConfigFactory.parseString(
                "gatewatch { status.enabled = false, status.drain-delay = 0s, shutdown-hook = false }"));

        @Bean(destroyMethod = "close")
        Gatewatch ownGatewatch() {
            return gatewatch;
        }
    }
}
