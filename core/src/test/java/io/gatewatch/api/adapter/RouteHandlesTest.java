package io.gatewatch.api.adapter;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.ConfigFactory;
import io.gatewatch.Gatewatch;
import io.gatewatch.api.RouteMetrics;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RouteHandlesTest {
    private Gatewatch gatewatch;
    private RouteHandles handles;

    @BeforeEach
    void start() {
        gatewatch = Gatewatch.start(ConfigFactory.parseString(
                "gatewatch { shutdown-hook = false, status.drain-delay = 0s, metrics.jvm = false }"));
        handles = new RouteHandles(gatewatch.metrics());
    }

    @AfterEach
    void stop() {
        gatewatch.close();
    }

    @Test
    void a_route_named_with_its_service_is_resolved_once_and_kept() {
        RouteMetrics first = handles.route("users-api", "users");

        assertThat(handles.route("users-api", "users")).isSameAs(first);
        assertThat(first.service()).isEqualTo("users-api");
        assertThat(first.route()).isEqualTo("users");
    }

    @Test
    void a_route_whose_service_changes_is_resolved_again_under_the_new_service() {
        RouteMetrics before = handles.route("users-api", "users");

        RouteMetrics after = handles.route("accounts", "users");

        assertThat(after).isNotSameAs(before);
        assertThat(after.service()).isEqualTo("accounts");
        assertThat(handles.route("accounts", "users")).isSameAs(after);
    }
}
