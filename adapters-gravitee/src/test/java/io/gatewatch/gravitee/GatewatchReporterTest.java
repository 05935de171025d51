package io.gatewatch.gravitee;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.typesafe.config.ConfigFactory;
import io.gatewatch.Gatewatch;
import io.gatewatch.testing.Ports;
import io.gatewatch.testing.prometheus.PrometheusText;
import io.gravitee.common.component.Lifecycle;
import io.gravitee.common.http.HttpMethod;
import io.gravitee.reporter.api.Reportable;
import io.gravitee.reporter.api.health.EndpointStatus;
import io.gravitee.reporter.api.v4.log.Log;
import io.gravitee.reporter.api.v4.metric.Metrics;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * No Gravitee gateway runs here, so the reporter is driven the way Gravitee's reporter service
 * drives it: start, canHandle, report with the API's own Metrics objects, stop. The counts are read
 * from /metrics over HTTP on gatewatch's status listener, before and after each case, so the cases
 * do not depend on one another.
 */
class GatewatchReporterTest {
    private static final String USERS_ID = "8f1c2b5e-users";
    private static final String[] USERS = {"service", "Users API", "route", USERS_ID};
    private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private static int statusPort;
    private static GatewatchReporter reporter;

    @BeforeAll
    static void start() throws Exception {
        statusPort = Ports.free();
        setStatusPort(statusPort);
        System.setProperty("gatewatch.metrics.per-consumer", "true");
        ConfigFactory.invalidateCaches();
        // what Gravitee does: the no-argument constructor from the plugin descriptor, then start()
        reporter = new GatewatchReporter();
        assertThat(reporter.lifecycleState()).isEqualTo(Lifecycle.State.INITIALIZED);
        reporter.preStart();
        reporter.start();
        reporter.postStart();
        assertThat(reporter.lifecycleState()).isEqualTo(Lifecycle.State.STARTED);
    }

    @AfterAll
    static void stop() throws Exception {
        if (reporter != null) {
            reporter.stop();
        }
        for (String key : new String[] {"gatewatch.status.host", "gatewatch.status.port", "gatewatch.status.drain-delay",
                "gatewatch.shutdown-hook", "gatewatch.metrics.per-consumer"}) {
            System.clearProperty(key);
        }
        ConfigFactory.invalidateCaches();
    }

    @Test
    void an_endpoint_answer_counts_under_the_api_id_and_name_with_its_bytes_and_times() throws Exception {
        PrometheusText before = metrics(statusPort);
        report(request(USERS_ID, "Users API", HttpMethod.GET, 200).endpoint("http://127.0.0.1:9/users")
                .requestContentLength(0).responseContentLength(512).gatewayResponseTimeMs(120).endpointResponseTimeMs(100).build());
        report(request(USERS_ID, "Users API", HttpMethod.POST, 201).endpoint("http://127.0.0.1:9/users")
                .requestContentLength(64).responseContentLength(32).gatewayResponseTimeMs(30).endpointResponseTimeMs(20).build());
        PrometheusText after = metrics(statusPort);

        assertThat(delta(before, after, "gateway_requests_total", with(USERS, "method", "GET", "status", "200", "source", "upstream"))).isEqualTo(1);
        assertThat(delta(before, after, "gateway_requests_total", with(USERS, "method", "POST", "status", "201", "source", "upstream"))).isEqualTo(1);
        assertThat(delta(before, after, "gateway_request_bytes_total", USERS)).isEqualTo(64);
        assertThat(delta(before, after, "gateway_response_bytes_total", USERS)).isEqualTo(544);
        assertThat(delta(before, after, "gateway_request_duration_seconds_count", USERS)).isEqualTo(2);
        assertThat(delta(before, after, "gateway_request_duration_seconds_sum", USERS)).isCloseTo(0.150, within(1e-9));
        assertThat(delta(before, after, "gateway_upstream_duration_seconds_count", USERS)).isEqualTo(2);
        assertThat(delta(before, after, "gateway_upstream_duration_seconds_sum", USERS)).isCloseTo(0.120, within(1e-9));
        // the raw path is never a label
        assertThat(after.toString()).doesNotContain("/users/42");
    }

    @Test
    void an_endpoint_that_could_not_be_reached_is_upstream_unreachable() throws Exception {
        String[] orders = {"service", "Orders API", "route", "orders-id"};
        PrometheusText before = metrics(statusPort);
        report(request("orders-id", "Orders API", HttpMethod.GET, 502).endpoint("http://127.0.0.1:1/orders")
                .errorKey("GATEWAY_CLIENT_CONNECTION_ERROR").responseContentLength(40).gatewayResponseTimeMs(15).endpointResponseTimeMs(12).build());
        report(request("orders-id", "Orders API", HttpMethod.GET, 504).endpoint("http://127.0.0.1:1/orders")
                .errorKey("REQUEST_TIMEOUT").gatewayResponseTimeMs(1000).endpointResponseTimeMs(1000).build());
        PrometheusText after = metrics(statusPort);

        assertThat(delta(before, after, "gateway_requests_total", with(orders, "status", "502", "source", "upstream_unreachable"))).isEqualTo(1);
        assertThat(delta(before, after, "gateway_requests_total", with(orders, "status", "504", "source", "upstream_unreachable"))).isEqualTo(1);
        assertThat(delta(before, after, "gateway_requests_total", with(orders, "source", "upstream"))).isZero();
        // the attempt's time is upstream time
        assertThat(delta(before, after, "gateway_upstream_duration_seconds_sum", orders)).isCloseTo(1.012, within(1e-9));
    }

    @Test
    void a_security_plan_refusal_is_auth_and_a_rate_limit_or_quota_is_rate_limit() throws Exception {
        PrometheusText before = metrics(statusPort);
        // refused before any endpoint was called: no endpoint, no endpoint time
        report(request(USERS_ID, "Users API", HttpMethod.GET, 401).errorKey("API_KEY_MISSING").gatewayResponseTimeMs(2).build());
        report(request(USERS_ID, "Users API", HttpMethod.GET, 403).errorKey("API_KEY_INVALID").gatewayResponseTimeMs(2).build());
        report(request(USERS_ID, "Users API", HttpMethod.GET, 429).errorKey("RATE_LIMIT_TOO_MANY_REQUESTS").gatewayResponseTimeMs(1).build());
        report(request(USERS_ID, "Users API", HttpMethod.GET, 429).errorKey("QUOTA_TOO_MANY_REQUESTS").gatewayResponseTimeMs(1).build());
        PrometheusText after = metrics(statusPort);

        assertThat(delta(before, after, "gateway_requests_total", with(USERS, "status", "401", "source", "auth"))).isEqualTo(1);
        assertThat(delta(before, after, "gateway_requests_total", with(USERS, "status", "403", "source", "auth"))).isEqualTo(1);
        assertThat(delta(before, after, "gateway_requests_total", with(USERS, "status", "429", "source", "rate_limit"))).isEqualTo(2);
        assertThat(delta(before, after, "gateway_requests_rate_limited_total", USERS)).isEqualTo(2);
        assertThat(delta(before, after, "gateway_upstream_duration_seconds_count", USERS)).isZero();
    }

    @Test
    void a_request_no_api_matched_is_no_route() throws Exception {
        String[] noRoute = {"service", "gateway", "route", "no_route", "source", "no_route", "status", "404"};
        PrometheusText before = metrics(statusPort);
        // Gravitee's not-found processor reports API id "1" (and application "1"), with no API name
        Metrics unknown = Metrics.builder().timestamp(System.currentTimeMillis()).requestId("r-404").apiId("1").applicationId("1")
                .httpMethod(HttpMethod.DELETE).status(404).uri("/nowhere/7").responseContentLength(41).gatewayResponseTimeMs(1).build();
        report(unknown);
        report(request("1", null, HttpMethod.GET, 404).responseContentLength(41).build());
        PrometheusText after = metrics(statusPort);

        assertThat(delta(before, after, "gateway_requests_total", noRoute)).isEqualTo(2);
        assertThat(delta(before, after, "gateway_requests_total", with(noRoute, "method", "DELETE"))).isEqualTo(1);
        assertThat(delta(before, after, "gateway_response_bytes_total", "route", "no_route")).isEqualTo(82);
        assertThat(delta(before, after, "gateway_requests_total", "route", "1")).isZero();
        assertThat(after.toString()).doesNotContain("consumer=\"1\"");
    }

    @Test
    void the_application_is_the_consumer_when_per_consumer_is_on() throws Exception {
        PrometheusText before = metrics(statusPort);
        report(request(USERS_ID, "Users API", HttpMethod.GET, 200).applicationId("app-ada").endpoint("http://u").endpointResponseTimeMs(1).build());
        report(request(USERS_ID, "Users API", HttpMethod.GET, 200).applicationId("app-grace").endpoint("http://u").endpointResponseTimeMs(1).build());
        report(request(USERS_ID, "Users API", HttpMethod.GET, 200).applicationId("app-grace").endpoint("http://u").endpointResponseTimeMs(1).build());
        PrometheusText after = metrics(statusPort);

        assertThat(delta(before, after, "gateway_requests_total", with(USERS, "consumer", "app-ada"))).isEqualTo(1);
        assertThat(delta(before, after, "gateway_requests_total", with(USERS, "consumer", "app-grace"))).isEqualTo(2);
    }

    @Test
    void each_api_is_resolved_once_however_many_requests_it_serves() throws Exception {
        int resolvedBefore = reporter.resolvedApis();
        PrometheusText before = metrics(statusPort);
        for (int i = 0; i < 500; i++) {
            report(request("once-a", "Once A", HttpMethod.GET, 200).endpoint("http://a").endpointResponseTimeMs(1).build());
            report(request("once-b", "Once B", HttpMethod.GET, 200).endpoint("http://b").endpointResponseTimeMs(1).build());
        }
        PrometheusText after = metrics(statusPort);

        assertThat(reporter.resolvedApis() - resolvedBefore).isEqualTo(2);
        assertThat(delta(before, after, "gateway_requests_total", "route", "once-a")).isEqualTo(500);
        assertThat(delta(before, after, "gateway_requests_total", "route", "once-b")).isEqualTo(500);
        // a renamed API keeps its route and is resolved once more under its new service name
        report(request("once-a", "Once A v2", HttpMethod.GET, 200).endpoint("http://a").endpointResponseTimeMs(1).build());
        assertThat(reporter.resolvedApis() - resolvedBefore).isEqualTo(3);
        assertThat(metrics(statusPort).sum("gateway_requests_total", "service", "Once A v2", "route", "once-a")).isEqualTo(1);
    }

    @Test
    void only_request_metrics_are_handled() {
        assertThat(reporter.canHandle(request(USERS_ID, "Users API", HttpMethod.GET, 200).build())).isTrue();
        assertThat(reporter.canHandle(Log.builder().timestamp(System.currentTimeMillis()).requestId("r").build())).isFalse();
        assertThat(reporter.canHandle(EndpointStatus.forEndpoint("api", "api", "endpoint").build())).isFalse();
    }

    @Test
    void a_handed_in_gatewatch_stays_open_and_records_no_consumer_when_per_consumer_is_off() throws Exception {
        int port = Ports.free();
        try (Gatewatch own = Gatewatch.start(ConfigFactory.parseString("gatewatch { shutdown-hook = false, metrics.per-consumer = false, "
                + "status { host = \"127.0.0.1\", port = " + port + ", drain-delay = 0s } }"))) {
            GatewatchReporter handedIn = new GatewatchReporter(own);
            handedIn.start();
            handedIn.report(request(USERS_ID, "Users API", HttpMethod.GET, 200).applicationId("app-ada").endpoint("http://u").build());
            handedIn.stop();
            assertThat(handedIn.lifecycleState()).isEqualTo(Lifecycle.State.STOPPED);
            // reported after stop: dropped, not recorded and not failing
            handedIn.report(request(USERS_ID, "Users API", HttpMethod.GET, 200).build());

            PrometheusText m = metrics(port);
            assertThat(m.sum("gateway_requests_total", USERS)).isEqualTo(1);
            assertThat(m.toString()).doesNotContain("app-ada");
        }
    }

    @Test
    void a_reporter_that_started_its_own_gatewatch_closes_it_when_stopped() throws Exception {
        int port = Ports.free();
        setStatusPort(port);
        ConfigFactory.invalidateCaches();
        GatewatchReporter own = new GatewatchReporter();
        try {
            own.start();
            assertThat(metrics(port).toString()).contains("gateway_");
        } finally {
            own.stop();
            setStatusPort(statusPort);
            ConfigFactory.invalidateCaches();
        }
        assertThat(own.lifecycleState()).isEqualTo(Lifecycle.State.STOPPED);
        assertThatThrownBy(() -> metrics(port)).isInstanceOf(IOException.class);
    }

    private static void setStatusPort(int port) {
        System.setProperty("gatewatch.status.host", "127.0.0.1");
        System.setProperty("gatewatch.status.port", String.valueOf(port));
        System.setProperty("gatewatch.status.drain-delay", "0s");
        System.setProperty("gatewatch.shutdown-hook", "false");
    }

    private static Metrics.MetricsBuilder<?, ?> request(String apiId, String apiName, HttpMethod method, int status) {
        return Metrics.builder().timestamp(System.currentTimeMillis()).requestId("req").apiId(apiId).apiName(apiName)
                .httpMethod(method).status(status).uri("/users/42?key=secret").pathInfo("/42");
    }

    /** What Gravitee's reporter service does with each reportable: ask, then hand it over. */
    private static void report(Reportable reportable) {
        assertThat(reporter.canHandle(reportable)).isTrue();
        reporter.report(reportable);
    }

    private static PrometheusText metrics(int port) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics"))
                .timeout(Duration.ofSeconds(10)).build();
        HttpResponse<String> response = CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        return new PrometheusText(response.body());
    }

    private static double delta(PrometheusText before, PrometheusText after, String name, String... labels) {
        return after.sum(name, labels) - before.sum(name, labels);
    }

    private static String[] with(String[] base, String... more) {
        String[] all = java.util.Arrays.copyOf(base, base.length + more.length);
        System.arraycopy(more, 0, all, base.length, more.length);
        return all;
    }
}
