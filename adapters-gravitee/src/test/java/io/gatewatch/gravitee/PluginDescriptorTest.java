package io.gatewatch.gravitee;

import static org.assertj.core.api.Assertions.assertThat;

import io.gravitee.reporter.api.Reporter;
import java.io.InputStream;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** Gravitee finds a reporter plugin through plugin.properties at its jar's root: type, id, and the class it creates. */
class PluginDescriptorTest {

    @Test
    void the_descriptor_names_a_reporter_gravitee_can_create() throws Exception {
        Properties descriptor = new Properties();
        try (InputStream in = GatewatchReporter.class.getClassLoader().getResourceAsStream("plugin.properties")) {
            assertThat(in).as("plugin.properties at the jar's root").isNotNull();
            descriptor.load(in);
        }
        assertThat(descriptor.getProperty("type")).isEqualTo("reporter");
        assertThat(descriptor.getProperty("id")).isEqualTo("gatewatch");
        // filtered at build time: no ${...} left for Gravitee to show
        assertThat(descriptor.getProperty("version")).isNotBlank().doesNotContain("${");
        Class<?> type = Class.forName(descriptor.getProperty("class"));
        assertThat(Reporter.class.isAssignableFrom(type)).isTrue();
        assertThat(type.getConstructor().newInstance()).isInstanceOf(GatewatchReporter.class);
    }
}
