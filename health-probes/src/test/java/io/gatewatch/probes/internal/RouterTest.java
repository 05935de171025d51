package io.gatewatch.probes.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gatewatch.probes.FakeHealth;
import io.gatewatch.probes.StatusSettings;
import io.gatewatch.spi.StatusRequest;
import io.gatewatch.spi.StatusResponse;
import io.gatewatch.spi.StatusRoute;
import io.gatewatch.testing.TestRuntime;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RouterTest {
    private static final Redactor REDACTOR = new Redactor(List.of());
    private static final StatusSettings.Auth TOKEN = new StatusSettings.Auth(Map.of(),
            Optional.of(new StatusSettings.Secret("t0ken-t0ken")), "gatewatch");

    private static StatusRoute route(String path, boolean prefix, boolean requiresAuth) {
        return new StatusRoute() {
            public String path() {
                return path;
            }

            public boolean prefix() {
                return prefix;
            }

            public boolean requiresAuth() {
                return requiresAuth;
            }

            public StatusResponse handle(StatusRequest request) {
                return StatusResponse.text(200, path + " got " + request.path());
            }
        };
    }

    private static Router router(String basePath, StatusSettings.Auth auth, StatusRoute... routes) {
        FakeHealth health = new FakeHealth();
        TestRuntime runtime = new TestRuntime();
        return new Router(basePath, new ProbeDocuments(health, runtime, REDACTOR),
                new StatusDocument(health, runtime, REDACTOR), Set.of(routes), new Authenticator(auth),
                Duration.ofSeconds(1), Duration.ofSeconds(5));
    }

    private static Router.Resolution get(Router router, String path, Map<String, String> headers) {
        return router.resolve("GET", path, Map.of(), headers);
    }

    private static String body(Router.Resolution resolution) throws Exception {
        StatusResponse response = resolution instanceof Router.Work work ? work.run() : ((Router.Now) resolution).response();
        return response.status() + " " + new String(response.body());
    }

    @Test
    void contributedRoutesExactAndPrefixLongestWins() throws Exception {
        Router router = router("", StatusSettings.Auth.NONE, route("/metrics", false, true),
                route("/vitals", true, true), route("/vitals/api", true, true));
        assertThat(body(get(router, "/metrics", Map.of()))).isEqualTo("200 /metrics got /metrics");
        assertThat(body(get(router, "/metrics/x", Map.of()))).startsWith("404");
        assertThat(body(get(router, "/vitals/index.html", Map.of()))).isEqualTo("200 /vitals got /vitals/index.html");
        assertThat(body(get(router, "/vitals/api/1m", Map.of()))).isEqualTo("200 /vitals/api got /vitals/api/1m");
        assertThat(body(get(router, "/vitalsx", Map.of()))).startsWith("404");
    }

    @Test
    void routesSeeThePathWithoutTheBasePath() throws Exception {
        Router router = router("/gw", StatusSettings.Auth.NONE, route("/metrics", false, true));
        assertThat(body(get(router, "/gw/metrics", Map.of()))).isEqualTo("200 /metrics got /metrics");
        assertThat(body(get(router, "/metrics", Map.of()))).startsWith("404");
    }

    @Test
    void authProtectsStatusAndRoutesThatAskButNeverProbes() throws Exception {
        Router router = router("", TOKEN, route("/metrics", false, true), route("/public", false, false));
        assertThat(body(get(router, "/status", Map.of()))).startsWith("401");
        assertThat(body(get(router, "/metrics", Map.of()))).startsWith("401");
        assertThat(body(get(router, "/metrics", Map.of("authorization", "Bearer t0ken-t0ken")))).startsWith("200");
        assertThat(body(get(router, "/public", Map.of()))).startsWith("200");
        for (String probe : List.of("/health", "/health/live", "/health/ready", "/health/started")) {
            assertThat(get(router, probe, Map.of())).as(probe).isInstanceOf(Router.Work.class);
        }
        Router.Now unauthorized = (Router.Now) get(router, "/status", Map.of());
        assertThat(unauthorized.response().headers()).containsEntry("www-authenticate", "Bearer realm=\"gatewatch\"");
    }

    @Test
    void conflictingRoutesFailStartUp() {
        assertThatThrownBy(() -> router("", StatusSettings.Auth.NONE, route("/health/ready", false, false)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("/health/ready");
        assertThatThrownBy(() -> router("", StatusSettings.Auth.NONE, route("/m", false, false), route("/m", true, false)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("/m");
        assertThatThrownBy(() -> router("", StatusSettings.Auth.NONE, route("metrics", false, false)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("must start with '/'");
    }

    @Test
    void methodsAndOptions() {
        Router router = router("", StatusSettings.Auth.NONE);
        Router.Now post = (Router.Now) router.resolve("POST", "/health", Map.of(), Map.of());
        assertThat(post.response().status()).isEqualTo(405);
        assertThat(post.response().headers()).containsEntry("allow", "GET, HEAD, OPTIONS");
        assertThat(((Router.Now) router.resolve("OPTIONS", "/status", Map.of(), Map.of())).response().status())
                .isEqualTo(204);
        assertThat(((Router.Now) router.resolve("POST", "/nope", Map.of(), Map.of())).response().status())
                .isEqualTo(404);
    }
}
