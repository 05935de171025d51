package io.gatewatch.vertx.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import org.junit.jupiter.api.Test;

class VertxSettingsTest {
    private static VertxSettings read(String text) {
        return VertxSettings.read(ConfigFactory.parseString(text, ConfigParseOptions.defaults().setOriginDescription("gateway.conf")));
    }

    @Test
    void services_are_keyed_by_the_name_vertx_web_gives_the_route() {
        VertxSettings settings = read("""
                gatewatch.vertx.services { "/api/*" = inventory, "/users/:id" = accounts }
                """);
        assertThat(settings.services()).containsOnly(
                org.assertj.core.api.Assertions.entry("/api/", "inventory"),
                org.assertj.core.api.Assertions.entry("/users/:id", "accounts"));
        assertThat(settings.listener()).isEqualTo("http");
    }

    @Test
    void a_service_that_is_not_a_name_fails_naming_the_setting_and_its_line() {
        assertThatThrownBy(() -> read("""
                gatewatch.vertx {
                  services {
                    "/orders/*" = { name = orders }
                  }
                }
                """))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("gateway.conf: 3")
                .hasMessageContaining("gatewatch.vertx.services.\"/orders/*\"")
                .hasMessageContaining("expected a service name");
    }

    @Test
    void an_empty_listener_name_fails_naming_the_setting_and_its_line() {
        assertThatThrownBy(() -> read("gatewatch.vertx.listener = \"\"\n"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("gateway.conf: 1")
                .hasMessageContaining("gatewatch.vertx.listener");
    }
}
