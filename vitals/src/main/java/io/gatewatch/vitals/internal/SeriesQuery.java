package io.gatewatch.vitals.internal;

import io.gatewatch.spi.support.JsonWriter;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A validated {@code /vitals/series} request:
 * {@code metric=requests,latency&from=<epoch ms>&to=<epoch ms>&resolution=1s|1m}, and for the
 * status-code breakdowns {@code service=}, {@code route=}, {@code consumer=} (see {@link NameFilter}).
 * {@code to} defaults to now, {@code from} to 5 minutes (1s) or 1 hour (1m) before {@code to},
 * {@code resolution} to {@code 1s}. A range may cover at most the resolution's retention, and
 * neither end may lie before the epoch (a defaulted {@code from} included): every timestamp the
 * answer holds is 0 or later.
 *
 * @param metrics    the requested metrics, in request order, without duplicates
 * @param firstStart the start of the first period (epoch ms, a multiple of the step)
 * @param points     how many periods the response holds
 */
record SeriesQuery(List<Metric> metrics, Resolution resolution, long from, long to, long firstStart, int points,
                   NameFilter filter) {

    static final Set<String> PARAMETERS = Set.of("metric", "from", "to", "resolution", "node", "service", "route",
            "consumer");

    /** A request the API refuses, with the reason for the 400 body. */
    static final class BadRequest extends Exception {
        private static final long serialVersionUID = 1L;

        BadRequest(String reason) {
            super(reason, null, false, false);
        }
    }

    static SeriesQuery parse(Map<String, List<String>> query, long nowMillis, int fineSlots, int coarseSlots)
            throws BadRequest {
        for (Map.Entry<String, List<String>> p : query.entrySet()) {
            if (!PARAMETERS.contains(p.getKey())) {
                throw new BadRequest("unknown parameter '" + clip(p.getKey()) + "'; known: consumer, from, metric, node, resolution, route, service, to");
            }
            if (p.getValue().size() > 1) {
                throw new BadRequest("parameter '" + p.getKey() + "' given more than once");
            }
        }
        String metricParam = single(query, "metric");
        if (metricParam == null || metricParam.isBlank()) {
            throw new BadRequest("metric is required: one or more (comma-separated) of " + String.join(", ", Metric.labels()));
        }
        Set<Metric> metrics = new LinkedHashSet<>();
        for (String name : metricParam.split(",", -1)) {
            Metric m = Metric.of(name.trim());
            if (m == null) {
                throw new BadRequest("unknown metric '" + clip(name.trim()) + "'; known: " + String.join(", ", Metric.labels()));
            }
            metrics.add(m);
        }
        String resolutionParam = single(query, "resolution");
        Resolution resolution = resolutionParam == null ? Resolution.FINE : Resolution.of(resolutionParam);
        if (resolution == null) {
            throw new BadRequest("resolution must be 1s or 1m, got '" + clip(resolutionParam) + "'");
        }
        long step = resolution.stepMillis;
        int slots = resolution == Resolution.FINE ? fineSlots : coarseSlots;
        long to = millis(query, "to", nowMillis);
        long defaultSpan = resolution == Resolution.FINE ? 5 * 60_000L : 60 * 60_000L;
        long span = Math.min(defaultSpan, slots * step);
        long from = millis(query, "from", to - span);
        if (from < 0) {
            // only a defaulted from can be negative: explicit values are checked above
            throw new BadRequest("from defaults to " + span / 60_000 + " minutes before to, which is before the epoch (to="
                    + to + "); give from as epoch milliseconds of 0 or later");
        }
        if (from > to) {
            throw new BadRequest("from (" + from + ") must not be after to (" + to + ")");
        }
        long firstStart = -Math.floorDiv(-from, step) * step;
        long lastStart = Math.floorDiv(to, step) * step;
        long points = lastStart < firstStart ? 0 : (lastStart - firstStart) / step + 1;
        if (points > slots) {
            throw new BadRequest("from..to spans " + points + " points at " + resolution.label + "; at most " + slots
                    + " (the " + resolution.label + " retention); narrow the range or use resolution=1m");
        }
        NameFilter filter = new NameFilter(name(query, "service"), name(query, "route"), name(query, "consumer"));
        return new SeriesQuery(new ArrayList<>(metrics), resolution, from, to, firstStart, (int) points, filter);
    }

    /** A filter's name: absent is null; given, it must be 1 to 256 characters. */
    private static String name(Map<String, List<String>> query, String parameter) throws BadRequest {
        String value = single(query, parameter);
        if (value == null) {
            return null;
        }
        if (value.isEmpty() || value.length() > 256) {
            throw new BadRequest(parameter + " must be a name of 1 to 256 characters, got " + value.length());
        }
        return value;
    }

    private static String single(Map<String, List<String>> query, String name) {
        List<String> values = query.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    private static long millis(Map<String, List<String>> query, String name, long fallback) throws BadRequest {
        String raw = single(query, name);
        if (raw == null || raw.isEmpty()) {
            return fallback;
        }
        long value;
        try {
            value = Long.parseLong(raw.trim());
        } catch (NumberFormatException e) {
            throw new BadRequest(name + " must be UTC epoch milliseconds (an integer), got '" + clip(raw) + "'");
        }
        if (value < 0 || value > 253_402_300_799_999L) {
            throw new BadRequest(name + " must be epoch milliseconds between 0 and year 9999, got " + value);
        }
        return value;
    }

    /** Echoes at most 64 characters of what the client sent. */
    static String clip(String s) {
        return s.length() <= 64 ? s : s.substring(0, 64) + "...";
    }

    /** Renders the series document for {@code view}, with timestamps in UTC epoch milliseconds. */
    String render(VitalsHistory.View view, long nowMillis) {
        SeriesRing ring = view.ring(resolution);
        long nowPeriod = Math.floorDiv(nowMillis, resolution.stepMillis);
        int[] slots = new int[points];
        long firstPeriod = firstStart / resolution.stepMillis;
        for (int i = 0; i < points; i++) {
            slots[i] = ring.find(firstPeriod + i, nowPeriod);
        }
        JsonWriter json = new JsonWriter().beginObject()
                .member("resolution", resolution.label)
                .member("step", resolution.stepMillis)
                .member("from", from)
                .member("to", to);
        json.name("timestamps").beginArray();
        for (int i = 0; i < points; i++) {
            json.value(firstStart + i * resolution.stepMillis);
        }
        json.endArray();
        json.name("metrics").beginObject();
        for (Metric metric : metrics) {
            json.name(metric.label).beginObject().member("unit", metric.unit);
            metric.render(json, ring, slots, filter);
            json.endObject();
        }
        return json.endObject().endObject().toString();
    }
}
