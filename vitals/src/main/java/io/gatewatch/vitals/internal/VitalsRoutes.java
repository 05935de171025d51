package io.gatewatch.vitals.internal;

import io.gatewatch.spi.StatusRequest;
import io.gatewatch.spi.StatusResponse;
import io.gatewatch.spi.StatusRoute;
import io.gatewatch.spi.support.JsonWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.sql.SQLException;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Supplier;

/**
 * The routes vitals adds to the status listener: the dashboard page {@code /vitals}, the JSON API
 * {@code /vitals/series} and {@code /vitals/summary}, and the page's static assets below
 * {@code /vitals/assets/} (its script and stylesheet, and Chart.js from its WebJar). Every route
 * sits behind the status listener's auth when one is configured.
 *
 * <p>Handlers run on the listener's threads, possibly concurrently; they only read the history.
 */
public final class VitalsRoutes {
    static final String CHART_JS_WEBJAR = "META-INF/resources/webjars/chart.js/%s/dist/chart.umd.js";
    private static final String CHART_JS_POM = "META-INF/maven/org.webjars.npm/chart.js/pom.properties";
    private static final Map<String, String> NO_SNIFF = Map.of("X-Content-Type-Options", "nosniff");
    private static final Map<String, String> PAGE_HEADERS = Map.of(
            "X-Content-Type-Options", "nosniff",
            "X-Frame-Options", "DENY",
            "Content-Security-Policy", "default-src 'none'; script-src 'self'; connect-src 'self'; "
                    + "style-src 'self' 'unsafe-inline'; img-src 'self' data:; base-uri 'none'; form-action 'none'");

    private final VitalsHistory history;
    private final Clock clock;
    private final Supplier<String> nodeId;
    private final byte[] page;
    private final Map<String, StatusResponse> assets;
    private final ClusterReader cluster;
    private final java.util.UUID self;

    public VitalsRoutes(VitalsHistory history, Clock clock, Supplier<String> nodeId) {
        this(history, clock, nodeId, null, null);
    }

    /**
     * @param cluster the shared store's reader, or null when this node's memory is the only store
     * @param self    this node's id in the shared store (null with the memory store)
     */
    public VitalsRoutes(VitalsHistory history, Clock clock, Supplier<String> nodeId, ClusterReader cluster,
                 java.util.UUID self) {
        this.cluster = cluster;
        this.self = self;
        this.history = history;
        this.clock = clock;
        this.nodeId = nodeId;
        this.page = resource(VitalsRoutes.class, "dashboard.html");
        this.assets = Map.of(
                "/vitals/assets/vitals.js", asset("application/javascript; charset=utf-8",
                        resource(VitalsRoutes.class, "vitals.js")),
                "/vitals/assets/vitals.css", asset("text/css; charset=utf-8", resource(VitalsRoutes.class, "vitals.css")),
                "/vitals/assets/chart.umd.js", asset("application/javascript; charset=utf-8", chartJs()));
    }

    /** The routes to contribute, in no particular order. */
    public List<StatusRoute> routes() {
        return List.of(
                route("/vitals", false, r -> new StatusResponse(200, "text/html; charset=utf-8", page, PAGE_HEADERS, true)),
                route("/vitals/series", false, this::series),
                route("/vitals/summary", false, this::summary),
                route("/vitals/nodes", false, this::nodes),
                route("/vitals/assets", true, this::asset));
    }

    StatusResponse series(StatusRequest request) {
        long now = clock.millis();
        SeriesQuery query;
        try {
            query = SeriesQuery.parse(request.query(), now, history.settings().fineSlots(),
                    history.settings().coarseSlots());
            NodeChoice nodes = NodeChoice.parse(single(request, "node"), cluster != null, nodeId.get());
            if (nodes.local()) {
                return StatusResponse.json(200, history.read(view -> query.render(view, now)));
            }
            Resolution r = query.resolution();
            long firstPeriod = query.firstStart() / r.stepMillis;
            SeriesRing ring = cluster.ring(r, firstPeriod, query.points(), nodes.ids(),
                    query.metrics().stream().anyMatch(Metric::isTop) ? query.points() : 0);
            return StatusResponse.json(200, query.render(new VitalsHistory.View(ring, ring),
                    (firstPeriod + query.points()) * r.stepMillis));
        } catch (SeriesQuery.BadRequest e) {
            return error(400, e.getMessage());
        } catch (SQLException e) {
            return storeUnavailable(e);
        }
    }

    StatusResponse summary(StatusRequest request) {
        try {
            for (String key : request.query().keySet()) {
                if (!key.equals("node")) {
                    throw new SeriesQuery.BadRequest("unknown parameter '" + key + "'; known: node");
                }
            }
            NodeChoice nodes = NodeChoice.parse(single(request, "node"), cluster != null, nodeId.get());
            return StatusResponse.json(200, summary(nodes));
        } catch (SeriesQuery.BadRequest e) {
            return error(400, e.getMessage());
        } catch (SQLException e) {
            return storeUnavailable(e);
        }
    }

    private String summary(NodeChoice nodes) throws SQLException {
        long now = clock.millis();
        String node = nodeId.get();
        if (nodes.local()) {
            return history.read(view -> SummaryDocument.render(view, history, node,
                    cluster == null ? "memory" : "memory (this node)", null, now));
        }
        // the windows the summary adds up: the last hour of 1-second points, the last day of 1-minute points
        int fine = Math.min(SummaryDocument.periods(Resolution.FINE), history.settings().fineSlots());
        int coarse = Math.min(SummaryDocument.periods(Resolution.COARSE), history.settings().coarseSlots());
        long nowFine = Math.floorDiv(now, Resolution.FINE.stepMillis);
        long nowCoarse = Math.floorDiv(now, Resolution.COARSE.stepMillis);
        // top names only where the summary shows them: its last 5 minutes of 1-second points
        SeriesRing fineRing = cluster.ring(Resolution.FINE, nowFine - fine, fine, nodes.ids(), SummaryDocument.TOP_PERIODS);
        SeriesRing coarseRing = cluster.ring(Resolution.COARSE, nowCoarse - coarse, coarse, nodes.ids(), 0);
        return SummaryDocument.render(new VitalsHistory.View(fineRing, coarseRing), history, node, "postgres",
                nodes.label(), now);
    }

    private StatusResponse nodes(StatusRequest request) {
        JsonWriter json = new JsonWriter().beginObject();
        if (cluster == null) {
            long started = clock.millis();
            json.member("store", "memory").member("self", nodeId.get()).name("nodes").beginArray()
                    .beginObject().member("id", nodeId.get()).member("name", nodeId.get()).name("self").value(true)
                    .endObject().endArray();
            return StatusResponse.json(200, json.endObject().toString());
        }
        try {
            json.member("store", "postgres").member("self", self.toString()).name("nodes").beginArray();
            for (PostgresStore.NodeRow n : cluster.store().nodes()) {
                json.beginObject().member("id", n.id().toString()).member("name", n.name())
                        .member("hostname", n.hostname()).member("version", n.version())
                        .member("firstSeen", n.firstSeen()).member("lastSeen", n.lastSeen())
                        .name("self").value(n.id().equals(self)).endObject();
            }
            return StatusResponse.json(200, json.endArray().endObject().toString());
        } catch (SQLException e) {
            return storeUnavailable(e);
        }
    }

    private StatusResponse storeUnavailable(SQLException e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        message = cluster.store().settings().password().scrub(message);
        return error(503, "the shared vitals store did not answer: " + (message.length() > 300
                ? message.substring(0, 300) + "..." : message));
    }

    private static StatusResponse error(int status, String message) {
        return StatusResponse.json(status, new JsonWriter().beginObject().member("status", status)
                .member("error", message).endObject().toString());
    }

    private static String single(StatusRequest request, String name) throws SeriesQuery.BadRequest {
        List<String> values = request.query().get(name);
        if (values == null || values.isEmpty()) {
            return null;
        }
        if (values.size() > 1) {
            throw new SeriesQuery.BadRequest("parameter '" + name + "' given more than once");
        }
        return values.get(0);
    }

    private StatusResponse asset(StatusRequest request) {
        StatusResponse found = assets.get(request.path());
        return found != null ? found : StatusResponse.json(404, "{\"status\":404,\"error\":\"not found\"}");
    }

    private static StatusResponse asset(String type, byte[] body) {
        return new StatusResponse(200, type, body, NO_SNIFF, true);
    }

    private interface Handler {
        StatusResponse handle(StatusRequest request);
    }

    private static StatusRoute route(String path, boolean prefix, Handler handler) {
        return new StatusRoute() {
            @Override
            public String path() {
                return path;
            }

            @Override
            public boolean prefix() {
                return prefix;
            }

            @Override
            public StatusResponse handle(StatusRequest request) {
                return handler.handle(request);
            }

            @Override
            public String toString() {
                return "vitals route " + path;
            }
        };
    }

    /** Chart.js from its WebJar, found by the version the WebJar itself records. */
    static byte[] chartJs() {
        ClassLoader loader = VitalsRoutes.class.getClassLoader();
        Properties pom = new Properties();
        try (InputStream in = loader.getResourceAsStream(CHART_JS_POM)) {
            if (in == null) {
                throw new IllegalStateException("the Chart.js WebJar (org.webjars.npm:chart.js) is not on the classpath");
            }
            pom.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String path = String.format(CHART_JS_WEBJAR, pom.getProperty("version"));
        try (InputStream in = loader.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("the Chart.js WebJar has no " + path);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] resource(Class<?> owner, String name) {
        try (InputStream in = owner.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
