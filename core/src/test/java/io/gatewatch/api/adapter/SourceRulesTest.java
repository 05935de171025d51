package io.gatewatch.api.adapter;

import static org.assertj.core.api.Assertions.assertThat;

import io.gatewatch.api.ResponseSource;
import java.net.URI;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SourceRulesTest {

    @Test
    void a_routed_request_is_the_upstreams_when_its_response_came_back_whatever_the_status() {
        assertThat(SourceRules.routed(200, true, true)).isEqualTo(ResponseSource.UPSTREAM);
        assertThat(SourceRules.routed(503, true, true)).isEqualTo(ResponseSource.UPSTREAM);
        assertThat(SourceRules.routed(429, true, true)).isEqualTo(ResponseSource.UPSTREAM);
        assertThat(SourceRules.routed(401, true, true)).isEqualTo(ResponseSource.UPSTREAM);
    }

    @Test
    void a_client_gone_before_any_answer_is_the_gateways_whatever_the_upstream_did() {
        assertThat(SourceRules.routed(SourceRules.CLIENT_CLOSED, true, false)).isEqualTo(ResponseSource.GATEWAY);
        assertThat(SourceRules.routed(SourceRules.CLIENT_CLOSED, true, true)).isEqualTo(ResponseSource.GATEWAY);
        assertThat(SourceRules.routed(SourceRules.CLIENT_CLOSED, false, false)).isEqualTo(ResponseSource.GATEWAY);
        assertThat(SourceRules.unrouted(SourceRules.CLIENT_CLOSED)).isEqualTo(ResponseSource.GATEWAY);
    }

    @Test
    void an_attempt_without_a_response_is_unreachable() {
        assertThat(SourceRules.routed(500, true, false)).isEqualTo(ResponseSource.UPSTREAM_UNREACHABLE);
        assertThat(SourceRules.routed(504, true, false)).isEqualTo(ResponseSource.UPSTREAM_UNREACHABLE);
    }

    @Test
    void without_an_attempt_the_gateway_refused_or_answered_itself() {
        assertThat(SourceRules.routed(429, false, false)).isEqualTo(ResponseSource.RATE_LIMITED);
        assertThat(SourceRules.routed(401, false, false)).isEqualTo(ResponseSource.AUTH_REJECTED);
        assertThat(SourceRules.routed(403, false, false)).isEqualTo(ResponseSource.AUTH_REJECTED);
        assertThat(SourceRules.routed(200, false, false)).isEqualTo(ResponseSource.GATEWAY);
        assertThat(SourceRules.routed(503, false, false)).isEqualTo(ResponseSource.GATEWAY);
    }

    @Test
    void an_unrouted_request_is_auth_no_route_or_the_gateways() {
        assertThat(SourceRules.unrouted(401)).isEqualTo(ResponseSource.AUTH_REJECTED);
        assertThat(SourceRules.unrouted(404)).isEqualTo(ResponseSource.NO_ROUTE);
        assertThat(SourceRules.unrouted(400)).isEqualTo(ResponseSource.GATEWAY);
        assertThat(SourceRules.unrouted(200)).isEqualTo(ResponseSource.GATEWAY);
    }

    @Test
    void the_service_is_the_routes_metadata_else_the_host_of_its_uri() {
        assertThat(RouteHandles.serviceOf(URI.create("lb://users-api"), Map.of())).isEqualTo("users-api");
        assertThat(RouteHandles.serviceOf(URI.create("http://orders.internal:8080/v1"), Map.of())).isEqualTo("orders.internal");
        assertThat(RouteHandles.serviceOf(URI.create("lb://users-api"), Map.of("service", "accounts"))).isEqualTo("accounts");
        assertThat(RouteHandles.serviceOf(URI.create("lb://users_api"), Map.of())).isEqualTo("users_api");
        assertThat(RouteHandles.serviceOf(URI.create("forward:/local"), Map.of())).isEqualTo("gateway");
        assertThat(RouteHandles.serviceOf(null, null)).isEqualTo("gateway");
    }
}
