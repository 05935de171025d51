package io.gatewatch.api.adapter;

import static org.assertj.core.api.Assertions.assertThat;

import io.gatewatch.Gatewatch;
import io.gatewatch.api.HttpMethod;
import io.gatewatch.api.ResponseSource;
import io.gatewatch.api.RouteMetrics;
import io.gatewatch.snapshot.Snapshot;
import com.typesafe.config.ConfigFactory;
import org.junit.jupiter.api.Test;

class RouteHandlesTest {

    @Test
    void a_route_named_by_id_and_service_is_resolved_once_and_kept() {
        try (Gatewatch gatewatch = Gatewatch.start(ConfigFactory.parseString("gatewatch.shutdown-hook = false"))) {
            RouteHandles handles = new RouteHandles(gatewatch.metrics());

            RouteMetrics first = handles.route("users-api", "users-api");
            assertThat(handles.route("users-api", "users-api")).isSameAs(first);
            assertThat(first.service()).isEqualTo("users-api");
            assertThat(first.route()).isEqualTo("users-api");

            RouteMetrics renamed = handles.route("users-api", "accounts");
            assertThat(renamed.service()).isEqualTo("accounts");
            assertThat(renamed.route()).isEqualTo("users-api");
            assertThat(handles.route("users-api", "accounts")).isSameAs(renamed);

            first.record(HttpMethod.GET, 200, ResponseSource.UPSTREAM, 1_000, 500, 0, 10);
            renamed.record(HttpMethod.GET, 200, ResponseSource.UPSTREAM, 1_000, 500, 0, 10);
            Snapshot snapshot = gatewatch.snapshot();
            assertThat(snapshot.family("requests").points())
                    .extracting(p -> p.labels().get("service") + "/" + p.labels().get("route"))
                    .containsExactlyInAnyOrder("users-api/users-api", "accounts/users-api");
        }
    }
}
