package io.gatewatch.exporter.statsd;

import static org.assertj.core.api.Assertions.assertThat;

import io.gatewatch.api.Unit;
import io.gatewatch.snapshot.CounterPoint;
import io.gatewatch.snapshot.GaugePoint;
import io.gatewatch.snapshot.HistogramPoint;
import io.gatewatch.snapshot.Labels;
import io.gatewatch.snapshot.MetricDescriptor;
import io.gatewatch.snapshot.Point;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SeriesWriterTest {
    private static final MetricDescriptor REQUESTS = MetricDescriptor.counter("requests", "h", Unit.NONE, "service", "route");
    private static final MetricDescriptor IN_FLIGHT = MetricDescriptor.gauge("requests.in_flight", "h", Unit.NONE);
    private static final MetricDescriptor DURATION = MetricDescriptor.histogram("request.duration", "h", Unit.SECONDS,
            new long[] {1_000_000, 10_000_000, 100_000_000}, "service");
    private static final MetricDescriptor SIZES = MetricDescriptor.histogram("request.size", "h", Unit.BYTES,
            new long[] {100, 1000}, "service");
    private static final MetricDescriptor GC_PAUSE = MetricDescriptor.counter("jvm.gc.pause", "h", Unit.SECONDS, "gc")
            .unprefixed();

    private static final Labels COMMON = Labels.pairs("env", "prod");
    private static final Labels TEAM = Labels.pairs("team", "edge");
    private static final CounterPoint SEVEN = new CounterPoint(Labels.pairs("service", "accounts", "route", "get-user"), 7);
    /** Four values between 2 ms and 8 ms, all in the 1-10 ms bucket: p50 interpolates to 5 ms, p95 and p99 to 8 ms. */
    private static final HistogramPoint FOUR = new HistogramPoint(Labels.pairs("service", "a"),
            new long[] {0, 4, 0, 0}, 4, 20_000_000, 2_000_000, 8_000_000);

    @Test
    void dogstatsdCounterCarriesCommonThenConfiguredThenSeriesTags() {
        assertThat(lines(StatsdFlavor.DOGSTATSD, REQUESTS, SEVEN))
                .isEqualTo("gateway.requests:7|c|#env:prod,team:edge,service:accounts,route:get-user");
    }

    @Test
    void etsyFoldsTagsIntoTheNameInTheSameFixedOrder() {
        assertThat(lines(StatsdFlavor.ETSY, REQUESTS, SEVEN))
                .isEqualTo("gateway.requests.env.prod.team.edge.service.accounts.route.get-user:7|c");
    }

    @Test
    void telegrafWritesInfluxTagsInTheName() {
        assertThat(lines(StatsdFlavor.TELEGRAF, REQUESTS, SEVEN))
                .isEqualTo("gateway.requests,env=prod,team=edge,service=accounts,route=get-user:7|c");
    }

    @Test
    void gaugesInEveryFlavour() {
        GaugePoint g = new GaugePoint(Labels.EMPTY, 3.25);
        assertThat(lines(StatsdFlavor.DOGSTATSD, IN_FLIGHT, g)).isEqualTo("gateway.requests.in_flight:3.25|g|#env:prod,team:edge");
        assertThat(lines(StatsdFlavor.ETSY, IN_FLIGHT, g)).isEqualTo("gateway.requests.in_flight.env.prod.team.edge:3.25|g");
        assertThat(lines(StatsdFlavor.TELEGRAF, IN_FLIGHT, g)).isEqualTo("gateway.requests.in_flight,env=prod,team=edge:3.25|g");
    }

    @Test
    void negativeGaugeIsSetAbsoluteWhereASignMeansDelta() {
        GaugePoint g = new GaugePoint(Labels.EMPTY, -5);
        assertThat(bare(StatsdFlavor.DOGSTATSD, IN_FLIGHT, g))
                .isEqualTo("gateway.requests.in_flight:0|g\ngateway.requests.in_flight:-5|g");
        assertThat(bare(StatsdFlavor.ETSY, IN_FLIGHT, g))
                .isEqualTo("gateway.requests.in_flight:0|g\ngateway.requests.in_flight:-5|g");
        assertThat(bare(StatsdFlavor.TELEGRAF, IN_FLIGHT, g))
                .isEqualTo("gateway.requests.in_flight:0|g\ngateway.requests.in_flight:-5|g");
    }

    @Test
    void nonFiniteGaugesAndZeroDeltasSendNothing() {
        assertThat(bare(StatsdFlavor.DOGSTATSD, IN_FLIGHT, new GaugePoint(Labels.EMPTY, Double.NaN))).isEmpty();
        assertThat(bare(StatsdFlavor.DOGSTATSD, IN_FLIGHT, new GaugePoint(Labels.EMPTY, Double.POSITIVE_INFINITY))).isEmpty();
        assertThat(bare(StatsdFlavor.ETSY, REQUESTS, new CounterPoint(SEVEN.labels(), 0))).isEmpty();
        assertThat(bare(StatsdFlavor.ETSY, DURATION,
                new HistogramPoint(Labels.pairs("service", "a"), new long[4], 0, 0, 0, 0))).isEmpty();
    }

    @Test
    void dogstatsdHistogramIsCountSumMaxAndPercentilesInSeconds() {
        assertThat(bare(StatsdFlavor.DOGSTATSD, DURATION, FOUR)).isEqualTo("""
                gateway.request.duration.count:4|c|#service:a
                gateway.request.duration.sum:0.02|c|#service:a
                gateway.request.duration.max:0.008|g|#service:a
                gateway.request.duration.p50:0.005|g|#service:a
                gateway.request.duration.p95:0.008|g|#service:a
                gateway.request.duration.p99:0.008|g|#service:a""");
    }

    @Test
    void etsyHistogramPutsTheStatisticBeforeTheFoldedTags() {
        assertThat(bare(StatsdFlavor.ETSY, DURATION, FOUR)).isEqualTo("""
                gateway.request.duration.count.service.a:4|c
                gateway.request.duration.sum.service.a:0.02|c
                gateway.request.duration.max.service.a:0.008|g
                gateway.request.duration.p50.service.a:0.005|g
                gateway.request.duration.p95.service.a:0.008|g
                gateway.request.duration.p99.service.a:0.008|g""");
    }

    @Test
    void telegrafHistogram() {
        assertThat(bare(StatsdFlavor.TELEGRAF, DURATION, FOUR)).isEqualTo("""
                gateway.request.duration.count,service=a:4|c
                gateway.request.duration.sum,service=a:0.02|c
                gateway.request.duration.max,service=a:0.008|g
                gateway.request.duration.p50,service=a:0.005|g
                gateway.request.duration.p95,service=a:0.008|g
                gateway.request.duration.p99,service=a:0.008|g""");
    }

    @Test
    void byteHistogramsStayInBytes() {
        HistogramPoint h = new HistogramPoint(Labels.pairs("service", "a"), new long[] {2, 0, 0}, 2, 120, 50, 70);
        assertThat(bare(StatsdFlavor.DOGSTATSD, SIZES, h)).isEqualTo("""
                gateway.request.size.count:2|c|#service:a
                gateway.request.size.sum:120|c|#service:a
                gateway.request.size.max:70|g|#service:a
                gateway.request.size.p50:60|g|#service:a
                gateway.request.size.p95:70|g|#service:a
                gateway.request.size.p99:70|g|#service:a""");
    }

    @Test
    void unprefixedMetricsKeepTheirConventionalNameAndSecondCountersAreExact() {
        CounterPoint p = new CounterPoint(Labels.pairs("gc", "G1 Young"), 1_500_123);
        assertThat(bare(StatsdFlavor.DOGSTATSD, GC_PAUSE, p)).isEqualTo("jvm.gc.pause:0.001500123|c|#gc:G1 Young");
        assertThat(bare(StatsdFlavor.ETSY, GC_PAUSE, p)).isEqualTo("jvm.gc.pause.gc.G1_Young:0.001500123|c");
        assertThat(bare(StatsdFlavor.TELEGRAF, GC_PAUSE, p)).isEqualTo("jvm.gc.pause,gc=G1_Young:0.001500123|c");
    }

    @Test
    void emptyPrefixMeansNone() {
        LineBuffer out = new LineBuffer(64);
        SeriesWriter writer = new SeriesWriter(LineFormatter.of(StatsdFlavor.DOGSTATSD), "", Labels.EMPTY);
        writer.write(out, writer.name(REQUESTS), REQUESTS, new long[0], SEVEN, Labels.EMPTY);
        assertThat(out.toString()).isEqualTo("requests:7|c|#service:accounts,route:get-user");
    }

    @Test
    void hostileNamesAndTagValuesCannotBreakTheirLine() {
        MetricDescriptor evil = MetricDescriptor.counter("bad:name|c\n#x", "h", Unit.NONE, "k:e,y", "v");
        CounterPoint p = new CounterPoint(Labels.pairs("k:e,y", "a:b|c,d#e@f\ng", "v", "zürich 🚀"), 3);
        assertThat(bare(StatsdFlavor.DOGSTATSD, evil, p))
                .isEqualTo("gateway.bad_name_c__x:3|c|#k_e_y:a_b_c_d_e_f_g,v:zürich 🚀");
        assertThat(bare(StatsdFlavor.ETSY, evil, p))
                .isEqualTo("gateway.bad_name_c__x.k_e_y.a_b_c_d_e_f_g.v.z_rich___:3|c");
        assertThat(bare(StatsdFlavor.TELEGRAF, evil, p))
                .isEqualTo("gateway.bad_name_c__x,k_e_y=a_b_c_d_e_f_g,v=zürich_🚀:3|c");
    }

    @Test
    void emptyValuesBecomeUnknown() {
        CounterPoint p = new CounterPoint(Labels.pairs("service", "", "route", "r"), 1);
        assertThat(bare(StatsdFlavor.DOGSTATSD, REQUESTS, p)).isEqualTo("gateway.requests:1|c|#service:unknown,route:r");
        assertThat(bare(StatsdFlavor.ETSY, REQUESTS, p)).isEqualTo("gateway.requests.service.unknown.route.r:1|c");
    }

    /** Random hostile text never adds a line, a field or a tag in any flavour. */
    @Test
    void randomHostileTextKeepsEveryLineWellFormed() {
        Random random = new Random(42);
        String alphabet = "ab:|,#@\n\r =.\\/\t\u0000é😀";
        for (int round = 0; round < 2000; round++) {
            String name = hostile(random, alphabet);
            String value = hostile(random, alphabet);
            MetricDescriptor d = MetricDescriptor.counter(name.isEmpty() ? "x" : name, "h", Unit.NONE, "k");
            CounterPoint p = new CounterPoint(Labels.pairs("k", value), 1);
            for (StatsdFlavor flavor : StatsdFlavor.values()) {
                String line = bare(flavor, d, p);
                assertThat(line).doesNotContain("\n", "\r", "@");
                int colon = line.indexOf(':');
                String head = line.substring(0, flavor == StatsdFlavor.DOGSTATSD ? line.indexOf('|') : line.length());
                assertThat(head.chars().filter(c -> c == ':').count()).as(line).isEqualTo(1);
                switch (flavor) {
                    case DOGSTATSD -> assertThat(line.substring(colon)).as(line).matches(":1\\|c\\|#k:[^:|,#@]+");
                    case ETSY -> assertThat(line).as(line).matches("gateway\\.[A-Za-z0-9_.-]+\\.k\\.[A-Za-z0-9_-]+:1\\|c");
                    case TELEGRAF -> assertThat(line).as(line).matches("gateway\\.[A-Za-z0-9_.-]+,k=[^:|,#@= \\\\]+:1\\|c");
                }
            }
        }
    }

    private static String hostile(Random random, String alphabet) {
        StringBuilder sb = new StringBuilder();
        int n = random.nextInt(8);
        for (int i = 0; i < n; i++) {
            int at = random.nextInt(alphabet.length());
            char c = alphabet.charAt(at);
            sb.append(c);
            if (Character.isHighSurrogate(c)) {
                sb.append(alphabet.charAt(at + 1));
            }
        }
        return sb.toString();
    }

    /** With common tag env=prod and configured tag team=edge. */
    private static String lines(StatsdFlavor flavor, MetricDescriptor d, Point p) {
        LineBuffer out = new LineBuffer(16);
        SeriesWriter writer = new SeriesWriter(LineFormatter.of(flavor), "gateway", TEAM);
        writer.write(out, writer.name(d), d, d.bucketBounds(), p, COMMON);
        return out.toString();
    }

    /** Without common or configured tags. */
    private static String bare(StatsdFlavor flavor, MetricDescriptor d, Point p) {
        LineBuffer out = new LineBuffer(16);
        SeriesWriter writer = new SeriesWriter(LineFormatter.of(flavor), "gateway", Labels.EMPTY);
        writer.write(out, writer.name(d), d, d.bucketBounds(), p, Labels.EMPTY);
        return out.toString();
    }
}
