package io.gatewatch.probes.internal;

import io.gatewatch.spi.StatusRequest;
import io.gatewatch.spi.StatusResponse;
import io.gatewatch.spi.StatusRoute;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Decides what a request gets: the answers that need no data (404, 405, 401, OPTIONS) right away
 * on the event loop, everything else as a {@link Work}: a probe for the probe evaluator, any other
 * route for the listener's worker threads.
 */
final class Router {
    static final String ALLOW = "GET, HEAD, OPTIONS";

    private final String basePath;
    private final Map<String, Endpoint> exact = new HashMap<>();
    private final List<Endpoint> prefixes = new ArrayList<>();
    private final Authenticator authenticator;

    Router(String basePath, ProbeDocuments probes, StatusDocument status, Set<StatusRoute> routes,
           Authenticator authenticator, Duration probeTimeout, Duration routeTimeout) {
        this(basePath, authenticator);
        builtIn("/health/live", ProbeKind.LIVENESS, probes, probeTimeout);
        builtIn("/health/ready", ProbeKind.READINESS, probes, probeTimeout);
        builtIn("/health/started", ProbeKind.STARTUP, probes, probeTimeout);
        builtIn("/health", ProbeKind.ALL, probes, probeTimeout);
        add(new Endpoint("/status", false, authenticator.enabled(), r -> status.render(), probeTimeout,
                () -> Responses.error(503, "status not available in time"), null, null));
        addRoutes(routes, routeTimeout);
    }

    private Router(String basePath, Authenticator authenticator) {
        this.basePath = basePath;
        this.authenticator = authenticator;
    }

    /** A router for a listener of a plugin's own: its routes only, no probes, no {@code /status}. */
    static Router routesOnly(Set<StatusRoute> routes, Authenticator authenticator, Duration routeTimeout) {
        Router router = new Router("", authenticator);
        router.addRoutes(routes, routeTimeout);
        return router;
    }

    private void addRoutes(Set<StatusRoute> routes, Duration routeTimeout) {
        for (StatusRoute route : routes) {
            String path = route.path();
            if (path == null || !path.startsWith("/") || (path.length() > 1 && path.endsWith("/"))) {
                throw new IllegalStateException("status route path must start with '/' and not end with '/': '" + path
                        + "' (" + route.getClass().getName() + ")");
            }
            add(new Endpoint(path, route.prefix(), route.requiresAuth() && authenticator.enabled(), route::handle,
                    routeTimeout, () -> Responses.error(503, "route did not answer in time"), null, null));
        }
        // longest prefix wins
        prefixes.sort(Comparator.comparingInt((Endpoint e) -> e.path.length()).reversed());
    }

    private void builtIn(String path, ProbeKind kind, ProbeDocuments probes, Duration timeout) {
        add(new Endpoint(path, false, false, r -> probes.render(probes.evaluate(kind), true), timeout,
                () -> probes.unavailable("timeout"), kind, probes));
    }

    private void add(Endpoint endpoint) {
        Endpoint clash = exact.get(endpoint.path);
        if (clash == null) {
            clash = prefixes.stream().filter(p -> p.path.equals(endpoint.path)).findFirst().orElse(null);
        }
        if (clash != null) {
            throw new IllegalStateException("two status routes claim the path " + endpoint.path);
        }
        if (endpoint.prefix) {
            prefixes.add(endpoint);
        } else {
            exact.put(endpoint.path, endpoint);
        }
    }

    /**
     * @param path the decoded path, base path included
     */
    Resolution resolve(String method, String path, Map<String, List<String>> query, Map<String, String> headers) {
        String local = stripBase(path);
        Endpoint endpoint = local == null ? null : find(local);
        if ("OPTIONS".equals(method) && "*".equals(path)) {
            return new Now(Responses.options());
        }
        if (endpoint == null) {
            return new Now(Responses.error(404, "not found"));
        }
        switch (method) {
            case "OPTIONS":
                return new Now(Responses.options());
            case "GET":
            case "HEAD":
                break;
            default:
                return new Now(Responses.methodNotAllowed());
        }
        if (endpoint.probe != null) {
            // probes never ask for credentials; without valid ones (when auth is on) they say how, not why
            boolean detailed = !authenticator.enabled() || authenticator.permits(headers.get("authorization"));
            return new Work(endpoint, new StatusRequest(method, local, query, Map.of()), detailed);
        }
        Map<String, String> visible = headers;
        if (endpoint.requiresAuth) {
            if (!authenticator.permits(headers.get("authorization"))) {
                return new Now(Responses.unauthorized(authenticator.challenges()));
            }
            // the listener checked the credentials; the route has no use for them, so it cannot leak them
            visible = new HashMap<>(headers);
            visible.remove("authorization");
        }
        return new Work(endpoint, new StatusRequest(method, local, query, visible), true);
    }

    private String stripBase(String path) {
        if (basePath.isEmpty()) {
            return path;
        }
        if (path.equals(basePath)) {
            return "/";
        }
        return path.startsWith(basePath) && path.charAt(basePath.length()) == '/' ? path.substring(basePath.length()) : null;
    }

    private Endpoint find(String path) {
        Endpoint endpoint = exact.get(path);
        if (endpoint != null) {
            return endpoint;
        }
        for (Endpoint prefix : prefixes) {
            if (path.equals(prefix.path) || path.startsWith(prefix.path) && path.charAt(prefix.path.length()) == '/'
                    || prefix.path.equals("/")) {
                return prefix;
            }
        }
        return null;
    }

    /** What {@link #resolve} decided. */
    sealed interface Resolution permits Now, Work {
    }

    /** An answer that needs no data and is sent from the event loop. */
    record Now(StatusResponse response) implements Resolution {
    }

    /**
     * A handler to run off the event loop, with what to answer if it takes longer than its timeout.
     *
     * @param detailed for probes: whether the body may carry each check's data (auth off, or valid credentials)
     */
    record Work(Endpoint endpoint, StatusRequest request, boolean detailed) implements Resolution {
        StatusResponse run() throws Exception {
            if (endpoint.probe != null) {
                return endpoint.probes.render(endpoint.probes.evaluate(endpoint.probe), detailed);
            }
            return endpoint.handler.handle(request);
        }

        boolean probe() {
            return endpoint.probe != null;
        }
    }

    @FunctionalInterface
    interface Handler {
        StatusResponse handle(StatusRequest request) throws Exception;
    }

    /**
     * @param probe  which probe this answers, or {@code null} for any other route
     * @param probes renders probe answers ({@code null} unless {@code probe} is set)
     */
    record Endpoint(String path, boolean prefix, boolean requiresAuth, Handler handler, Duration timeout,
                    java.util.function.Supplier<StatusResponse> onTimeout, ProbeKind probe, ProbeDocuments probes) {
    }
}
