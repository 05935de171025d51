package io.gatewatch.spi.support;

import io.gatewatch.snapshot.Labels;
import io.gatewatch.snapshot.MetricDescriptor;
import io.gatewatch.snapshot.MetricType;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Renders gatewatch's names in the two conventions backends use, so a new exporter names series
 * the way the first-party ones do without reading their code. gatewatch's canonical names are
 * dotted and lower case ({@code request.duration}); values are in base units when read through
 * {@link io.gatewatch.snapshot.MetricFamily#baseValue}.
 *
 * <table>
 *   <caption>{@code request.duration} (seconds, histogram) and {@code requests} (counter), prefix {@code gateway}</caption>
 *   <tr><th>convention</th><th>backends</th><th>names</th><th>labels</th></tr>
 *   <tr><td>{@link #dotted dotted}</td><td>StatsD, Datadog, Graphite</td>
 *       <td>{@code gateway.request.duration}, {@code gateway.requests}</td><td>{@code route:get-user}</td></tr>
 *   <tr><td>{@link #underscore underscore}</td><td>Prometheus, OpenMetrics</td>
 *       <td>{@code gateway_request_duration_seconds}, {@code gateway_requests_total}</td>
 *       <td>{@code route="get-user"}</td></tr>
 * </table>
 *
 * <p>Rules: the prefix ({@code PluginContext.metricPrefix()}) goes in front of gateway metrics,
 * never in front of gatewatch's own ({@link MetricDescriptor#prefixed()} is false); a character a
 * convention does not allow becomes {@code _}. The underscore convention appends the base unit
 * ({@code _seconds}, {@code _bytes}) unless the name already ends with it, and {@code _total} to
 * counters; the dotted one appends neither (the unit goes in the backend's metadata, if any).
 * Thread-safe and allocation-light; call it once per family per export, not per point.
 */
public final class MetricNames {
    private MetricNames() {
    }

    /** {@code prefix.name} in the dotted convention; characters outside {@code [A-Za-z0-9_.-]} become {@code _}. */
    public static String dotted(MetricDescriptor descriptor, @Nullable String prefix) {
        String name = descriptor.prefixed() && prefix != null && !prefix.isEmpty()
                ? prefix + "." + descriptor.name() : descriptor.name();
        return sanitize(name, true);
    }

    /**
     * {@code prefix_name_unit} in the underscore convention, with {@code _total} on counters;
     * characters outside {@code [A-Za-z0-9_]} (dots included) become {@code _}, and a leading digit
     * gets a {@code _} in front.
     */
    public static String underscore(MetricDescriptor descriptor, @Nullable String prefix) {
        StringBuilder sb = new StringBuilder();
        if (descriptor.prefixed() && prefix != null && !prefix.isEmpty()) {
            sb.append(prefix).append('_');
        }
        sb.append(descriptor.name());
        String suffix = descriptor.unit().suffix();
        String name = sanitize(sb.toString(), false);
        if (!suffix.isEmpty() && !name.endsWith("_" + suffix)) {
            name += "_" + suffix;
        }
        if (descriptor.type() == MetricType.COUNTER && !name.endsWith("_total")) {
            name += "_total";
        }
        return name;
    }

    /**
     * A label name in the underscore convention: {@code [A-Za-z_][A-Za-z0-9_]*}. Names starting
     * with {@code __} are reserved there (Prometheus keeps them for itself), so such a name gets an
     * {@code x} in front.
     */
    public static String labelName(String name) {
        if (name.isEmpty()) {
            return "_";
        }
        String label = sanitize(name, false);
        return label.startsWith("__") ? "x" + label : label;
    }

    /** Labels as dotted-convention tags, {@code name:value}, in the labels' order. */
    public static List<String> tags(Labels labels) {
        List<String> tags = new ArrayList<>(labels.size());
        for (int i = 0; i < labels.size(); i++) {
            tags.add(sanitize(labels.name(i), true) + ":" + labels.value(i).replace(',', '_').replace('|', '_'));
        }
        return tags;
    }

    private static String sanitize(String name, boolean dotted) {
        StringBuilder sb = new StringBuilder(name.length() + 1);
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_'
                    || (dotted && (c == '.' || c == '-'));
            sb.append(ok ? c : '_');
        }
        if (!dotted && sb.length() > 0 && sb.charAt(0) >= '0' && sb.charAt(0) <= '9') {
            sb.insert(0, '_');
        }
        return sb.toString();
    }
}
