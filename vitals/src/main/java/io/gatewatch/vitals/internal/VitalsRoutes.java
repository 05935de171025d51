package io.gatewatch.vitals.internal;

import io.gatewatch.spi.StatusRequest;
import io.gatewatch.spi.StatusResponse;
import io.gatewatch.spi.StatusRoute;
import io.gatewatch.spi.support.JsonWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
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

    public VitalsRoutes(VitalsHistory history, Clock clock, Supplier<String> nodeId) {
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
                route("/vitals/summary", false, r -> StatusResponse.json(200, summary())),
                route("/vitals/assets", true, this::asset));
    }

    StatusResponse series(StatusRequest request) {
        long now = clock.millis();
        SeriesQuery query;
        try {
            query = SeriesQuery.parse(request.query(), now, history.settings().fineSlots(),
                    history.settings().coarseSlots());
        } catch (SeriesQuery.BadRequest e) {
            return StatusResponse.json(400, new JsonWriter().beginObject().member("status", 400)
                    .member("error", e.getMessage()).endObject().toString());
        }
        return StatusResponse.json(200, history.read(view -> query.render(view, now)));
    }

    String summary() {
        long now = clock.millis();
        String node = nodeId.get();
        return history.read(view -> SummaryDocument.render(view, history, node, now));
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
