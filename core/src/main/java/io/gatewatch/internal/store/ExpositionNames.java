package io.gatewatch.internal.store;

import io.gatewatch.snapshot.MetricDescriptor;
import io.gatewatch.snapshot.MetricType;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Every name a store's families take in the exporters' output, so that a family whose rendering
 * would collide with another's is refused when it is declared, not discovered by a scraper that
 * rejects the whole exposition ({@code second HELP line for metric name "gateway_requests_total"}).
 *
 * <p>A family claims, in Prometheus' names ({@code [prefix_]snake_name[_unit]}, {@code _total}
 * stripped from counters), its own name and that name with each suffix the exposition formats
 * add ({@code _total _created _bucket _count _sum _info}); and in Datadog's and StatsD's dotted
 * names ({@code [prefix.]name}), its own name and, for histograms, the statistics sent beside it
 * ({@code .count .sum .min .max .p50 .p95 .p99}). Two families collide when they claim a name in
 * common. Shared by the user, catalogue and self-metric registries of one store, with JVM,
 * process and build-info families reserved up front.
 */
final class ExpositionNames {
    private static final String[] PROMETHEUS_SUFFIXES = {"", "_total", "_created", "_bucket", "_count", "_sum", "_info"};
    private static final String[] DOTTED_HISTOGRAM_SUFFIXES = {".count", ".sum", ".min", ".max", ".p50", ".p95", ".p99"};

    private final String prefix;
    private final Map<String, String> owners = new HashMap<>();

    /** @param prefix the configured metric prefix ({@code gateway}), empty for none */
    ExpositionNames(String prefix) {
        this.prefix = prefix;
    }

    /**
     * Claims the names of a new family, or throws naming the family it collides with (claiming
     * nothing then). A family declared again with the same shape is found by its registry first
     * and never claims twice.
     */
    synchronized void claim(MetricDescriptor d) {
        String owner = describe(d);
        List<String> names = names(d);
        for (String name : names) {
            String existing = owners.get(name);
            if (existing != null) {
                throw new IllegalArgumentException("metric " + d.name() + " cannot be declared: it would be exported as "
                        + rendered(d) + ", and " + readable(name) + " is already taken by " + existing
                        + "; exporters would write two families under one name and a Prometheus scrape would fail. "
                        + "Choose another name");
            }
        }
        for (String name : names) {
            owners.put(name, owner);
        }
    }

    /** {@code 'gateway_requests_total' in Prometheus} for a key {@code prometheus:gateway_requests_total}. */
    private static String readable(String key) {
        int colon = key.indexOf(':');
        String where = key.startsWith("prometheus:") ? "in Prometheus" : "in Datadog and StatsD";
        return "'" + key.substring(colon + 1) + "' " + where;
    }

    private String describe(MetricDescriptor d) {
        return "the " + d.type().name().toLowerCase(Locale.ROOT) + " " + d.name() + " (" + rendered(d) + ")";
    }

    private String rendered(MetricDescriptor d) {
        String family = prometheusFamily(d);
        return switch (d.type()) {
            case COUNTER -> family + "_total";
            case HISTOGRAM -> family + "_bucket/_count/_sum";
            default -> family;
        };
    }

    private List<String> names(MetricDescriptor d) {
        List<String> out = new ArrayList<>();
        String family = prometheusFamily(d);
        for (String suffix : PROMETHEUS_SUFFIXES) {
            out.add("prometheus:" + family + suffix);
        }
        String dotted = (d.prefixed() && !prefix.isEmpty() ? prefix + "." : "") + d.name();
        out.add("dotted:" + dotted);
        if (d.type() == MetricType.HISTOGRAM) {
            for (String suffix : DOTTED_HISTOGRAM_SUFFIXES) {
                out.add("dotted:" + dotted + suffix);
            }
        }
        return out;
    }

    /** The Prometheus exporter's family name (see its naming convention), without sanitising: names are already valid. */
    private String prometheusFamily(MetricDescriptor d) {
        StringBuilder sb = new StringBuilder();
        if (d.prefixed() && !prefix.isEmpty()) {
            sb.append(prefix).append('_');
        }
        sb.append(d.name().replace('.', '_'));
        String suffix = d.unit().suffix();
        if (!suffix.isEmpty() && !d.name().endsWith(suffix)) {
            sb.append('_').append(suffix);
        }
        String name = sb.toString();
        if (d.type() == MetricType.COUNTER && name.endsWith("_total")) {
            name = name.substring(0, name.length() - "_total".length());
        }
        return name;
    }
}
