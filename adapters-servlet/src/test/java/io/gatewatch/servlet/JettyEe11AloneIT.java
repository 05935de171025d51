package io.gatewatch.servlet;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/**
 * The scenarios in Jetty's ee11 environment on a classpath without ee10's classes, as a Spring
 * Boot 4 application on Jetty has it (the integration tests run without {@code jetty-ee10-servlet}).
 */
class JettyEe11AloneIT extends JettyEe11GatewayTest {

    @Test
    void jetty_s_ee10_classes_are_not_on_this_classpath() {
        assertThatThrownBy(() -> Class.forName("org.eclipse.jetty.ee10.servlet.ServletContextRequest"))
                .isInstanceOf(ClassNotFoundException.class);
    }
}
